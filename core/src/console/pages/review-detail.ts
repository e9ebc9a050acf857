import { DecideReviewRequest, Recommendation } from '@keybs/contract';
import type { Response } from 'express';
import { ApiError } from '../../domain/errors.js';
import { field, type PageContext, redirectWith, sendHtml } from '../context.js';
import { percent, when } from '../format.js';
import { when as attr, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';

const SANCTIONS_CHOICES = [
  { value: '', label: 'Keep the screening result' },
  { value: 'clear', label: 'Clear: not the listed party' },
  { value: 'match', label: 'Match: the listed party (reject)' },
];

async function render(ctx: PageContext, res: Response, id: string, status: number, error = '', notes = '') {
  const { record: v, reasons, history } = await ctx.services.reviews.get(ctx.livemode, id);
  const a = v.assessment;
  const mine = v.assignedReviewer === ctx.user.name;
  const other = v.assignedReviewer !== null && !mine;
  const proposed = a?.recommendation;
  const form = other
    ? html`<p class="notice">${v.assignedReviewer} holds this review.</p>`
    : postForm(
        ctx,
        `${ctx.base}/reviews/${v.id}/decide`,
        html`<h2>Decide</h2>
${error ? html`<p class="error" role="alert" id="decide-error">${error}</p>` : ''}
<label for="recommendation">Recommendation</label>
<select id="recommendation" name="recommendation">${Recommendation.options.map(
          (r) => html`<option value="${r}"${attr(r === proposed, 'selected')}>${r.replaceAll('_', ' ')}</option>`,
        )}</select>
${
  a?.sanctionsStatus === 'potential_match'
    ? html`<label for="sanctions">Sanctions match</label><select id="sanctions" name="sanctions_status">${SANCTIONS_CHOICES.map(
        (c) => html`<option value="${c.value}">${c.label}</option>`,
      )}</select>`
    : ''
}
<label for="notes">Notes</label>
<textarea id="notes" name="notes" rows="4" required maxlength="2000">${notes}</textarea>
<button type="submit">Issue decision</button>`,
        { className: 'card stack', label: 'Decide the review' },
      );
  const holdForm =
    v.assignedReviewer === null || (mine && v.reviewClaimedAt === null)
      ? postForm(ctx, `${ctx.base}/reviews/${v.id}/claim`, html`<button type="submit">Claim</button>`, {
          className: 'inline',
        })
      : mine
        ? postForm(ctx, `${ctx.base}/reviews/${v.id}/release`, html`<button type="submit">Release</button>`, {
            className: 'inline',
          })
        : '';
  const content = html`<dl class="facts">
<dt>Verification</dt><dd><a href="${ctx.base}/verifications/${v.id}">${v.id}</a></dd>
<dt>Country</dt><dd>${v.countryCode} (tier ${v.countryTier})</dd><dt>Package</dt><dd>${v.package}</dd>
<dt>Why it needs a person</dt><dd>${reasons.join('; ') || '—'}</dd>
<dt>Trust score</dt><dd>${a?.trustScore ?? '—'}</dd><dt>Confidence</dt><dd>${percent(v.confidence)}</dd>
<dt>Registry</dt><dd>${a?.registryStatus ?? '—'}</dd><dt>Sanctions</dt><dd>${a?.sanctionsStatus ?? '—'}</dd>
<dt>Proposed</dt><dd>${proposed?.replaceAll('_', ' ') ?? '—'}</dd>
<dt>Analyst</dt><dd>${v.assignedReviewer ?? 'unassigned'}</dd><dt>Due</dt><dd>${when(v.dueAt)}</dd>
</dl>
${holdForm}
${form}
<h2>History</h2>
<ol class="timeline">${history.map((h) => html`<li>${when(h.at)} <strong>${h.action}</strong> by ${h.actor}</li>`)}</ol>`;
  sendHtml(res, status, page(ctx, 'reviews', `Review: ${v.supplier}`, content));
}

export function registerReviewDetail(pages: PageRouter): void {
  pages.get('/reviews/:id', 'reviews', (ctx, req, res) => render(ctx, res, String(req.params.id), 200));

  pages.post('/reviews/:id/decide', 'reviews', async (ctx, req, res) => {
    const id = String(req.params.id);
    const sanctions = field(req, 'sanctions_status');
    const notes = field(req, 'notes');
    const input = DecideReviewRequest.safeParse({
      analyst: ctx.user.name,
      recommendation: field(req, 'recommendation'),
      notes,
      ...(sanctions && { sanctions_status: sanctions }),
    });
    if (!input.success) {
      const path = input.error.issues[0]?.path[0];
      return render(
        ctx,
        res,
        id,
        422,
        path === 'notes' ? 'Write a note on the decision.' : 'Choose a recommendation.',
        notes,
      );
    }
    try {
      const { record } = await ctx.services.reviews.decide(ctx.livemode, id, input.data);
      await redirectWith(
        ctx,
        res,
        `${ctx.base}/verifications/${id}`,
        `Decision issued for ${record.supplier}: ${input.data.recommendation.replaceAll('_', ' ')}.`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) return render(ctx, res, id, 422, error.message, notes);
      throw error;
    }
  });
}
