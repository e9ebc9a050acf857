import type { VerificationRecord } from '../store/records.js';
import { type Html, html } from './html.js';

/** Status words with a colour class; the word itself carries the meaning (colour is never the only cue). */
export function statusBadge(status: VerificationRecord['status']): Html {
  const tone = { in_progress: 'muted', in_review: 'warn', completed: 'ok', cancelled: 'bad' }[status];
  return html`<span class="badge ${tone}">${status.replace('_', ' ')}</span>`;
}
