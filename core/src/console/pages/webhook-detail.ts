import type { Request, Response } from 'express';
import type { AttemptRecord, WebhookEndpointRecord } from '../../store/webhook-records.js';
import type { DeliveryView } from '../../webhooks/endpoints.js';
import { field, type PageContext, redirectWith, sendHtml } from '../context.js';
import { when } from '../format.js';
import { type Html, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';

const DELIVERIES_SHOWN = 50;
const DAY_MS = 86_400_000;

export function endpointState(e: WebhookEndpointRecord): Html {
  return e.status === 'enabled'
    ? html`<span class="badge ok">Enabled</span>`
    : html`<span class="badge bad">Disabled${e.disabledReason ? ` (${e.disabledReason.replaceAll('_', ' ')})` : ''}</span>`;
}

function attemptsList(attempts: AttemptRecord[]): Html {
  if (attempts.length === 0) return html`<span class="muted">No attempt yet</span>`;
  return html`<ul class="attempts">${attempts.map(
    (a) =>
      html`<li>#${a.attempt} ${when(a.attemptedAt)}: ${
        a.statusCode === null
          ? html`<span class="badge bad">no answer</span>`
          : html`<span class="badge ${a.statusCode < 300 ? 'ok' : 'bad'}">HTTP ${a.statusCode}</span>`
      } in ${a.latencyMs} ms${a.error ? html` <span class="error-text">${a.error}</span>` : ''}</li>`,
  )}</ul>`;
}

function deliveryRow(ctx: PageContext, endpointId: string, { delivery: d, attempts }: DeliveryView): Html {
  const badge = d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn';
  return html`<tr data-delivery-id="${d.id}">
<th scope="row"><code>${d.eventType}</code><br><span class="muted"><code>${d.eventId}</code></span></th>
<td><span class="badge ${badge}">${d.status}</span>${
    d.status === 'pending' && d.nextAttemptAt !== null
      ? html`<br><span class="muted">next ${when(d.nextAttemptAt)}</span>`
      : ''
  }</td>
<td>${d.attempts}</td>
<td>${attemptsList(attempts)}</td>
<td>${when(d.createdAt)}</td>
<td>${postForm(ctx, `${ctx.base}/webhooks/${endpointId}/deliveries/${d.id}/retry`, html`<button type="submit" aria-label="Retry delivery ${d.id}">Retry</button>`, { className: 'inline' })}</td>
</tr>`;
}

export async function renderEndpoint(
  ctx: PageContext,
  res: Response,
  id: string,
  status: number,
  shown?: { secret: string; heading: string },
): Promise<void> {
  const e = await ctx.services.webhooks.get(ctx.livemode, id);
  const deliveries = await ctx.services.webhooks.deliveries(ctx.livemode, id, DELIVERIES_SHOWN);
  const now = ctx.services.clock.now();
  const base = `${ctx.base}/webhooks/${e.id}`;
  const replayDefault = new Date(now - DAY_MS).toISOString().slice(0, 16);
  const content = html`${
    shown
      ? html`<section class="secret card" aria-labelledby="secret-heading"><h2 id="secret-heading">${shown.heading}</h2>
<p>Copy it now: it is shown only this once. Verify each delivery's <code>X-KeyBS-Signature</code> with it.</p>
<p><label for="new-secret">Signing secret</label><input id="new-secret" class="secret-value" readonly value="${shown.secret}" data-copyable>
<button type="button" data-copy="new-secret" hidden>Copy</button></p></section>`
      : ''
  }
<dl class="facts">
<dt>URL</dt><dd><code>${e.url}</code></dd>
<dt>Events</dt><dd>${e.events.join(', ')}</dd>
<dt>State</dt><dd>${endpointState(e)}</dd>
<dt>Description</dt><dd>${e.description ?? '—'}</dd>
<dt>Created</dt><dd>${when(e.createdAt)}</dd>
${
  e.previousSecretExpiresAt !== null && e.previousSecretExpiresAt > now
    ? html`<dt>Previous secret</dt><dd>still signs until ${when(e.previousSecretExpiresAt)}</dd>`
    : ''
}
</dl>
<div class="toolbar">
${postForm(ctx, `${base}/test`, html`<button type="submit">Send test</button>`, { className: 'inline' })}
${postForm(ctx, `${base}/rotate-secret`, html`<button type="submit">Rotate secret</button>`, {
  className: 'inline',
  confirm: 'Rotate the signing secret? The old one keeps signing for 24 hours.',
})}
${postForm(
  ctx,
  `${base}/${e.status === 'enabled' ? 'disable' : 'enable'}`,
  html`<button type="submit">${e.status === 'enabled' ? 'Disable' : 'Enable'}</button>`,
  { className: 'inline' },
)}
${postForm(ctx, `${base}/delete`, html`<button type="submit" class="danger">Delete endpoint</button>`, {
  className: 'inline',
  confirm: 'Delete this endpoint? It receives nothing more.',
})}
</div>
${postForm(
  ctx,
  `${base}/replay`,
  html`<label for="replay-since">Replay events since (UTC)</label>
<input id="replay-since" name="since" type="datetime-local" required value="${replayDefault}">
<button type="submit">Replay</button>`,
  { className: 'inline card', label: 'Replay past events' },
)}
<table>
<caption>Deliveries, newest first (${deliveries.data.length}${deliveries.hasMore ? '+' : ''})</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Attempt log</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
<tbody>${deliveries.data.map((d) => deliveryRow(ctx, e.id, d))}</tbody>
</table>
${deliveries.data.length === 0 ? html`<p class="muted">No deliveries yet. Send a test to see one.</p>` : ''}
<p class="hint" data-refresh-hint>Pending deliveries update when you reload.</p>`;
  sendHtml(res, status, page(ctx, 'webhooks', `Endpoint ${e.url}`, content));
}

export function registerWebhookDetail(pages: PageRouter): void {
  const id = (params: Request['params']) => String(params.id ?? '');
  pages.get('/webhooks/:id', 'webhooks', (ctx, req, res) => renderEndpoint(ctx, res, id(req.params), 200));

  pages.post('/webhooks/:id/test', 'webhooks', async (ctx, req, res) => {
    await ctx.services.webhooks.sendTest(ctx.livemode, id(req.params));
    await redirectWith(ctx, res, `${ctx.base}/webhooks/${id(req.params)}`, 'Test delivery queued.');
  });
  pages.post('/webhooks/:id/rotate-secret', 'webhooks', async (ctx, req, res) => {
    const { secret } = await ctx.services.webhooks.rotateSecret(ctx.livemode, id(req.params));
    await renderEndpoint(ctx, res, id(req.params), 200, {
      secret,
      heading: 'New signing secret (the old one signs alongside for 24 hours)',
    });
  });
  for (const status of ['enable', 'disable'] as const) {
    pages.post(`/webhooks/:id/${status}`, 'webhooks', async (ctx, req, res) => {
      await ctx.services.webhooks.update(ctx.livemode, id(req.params), { status: `${status}d` });
      await redirectWith(ctx, res, `${ctx.base}/webhooks/${id(req.params)}`, `Endpoint ${status}d.`);
    });
  }
  pages.post('/webhooks/:id/delete', 'webhooks', async (ctx, req, res) => {
    await ctx.services.webhooks.remove(ctx.livemode, id(req.params));
    await redirectWith(ctx, res, `${ctx.base}/webhooks`, 'Endpoint deleted.');
  });
  pages.post('/webhooks/:id/replay', 'webhooks', async (ctx, req, res) => {
    const since = Date.parse(`${field(req, 'since')}Z`);
    const back = `${ctx.base}/webhooks/${id(req.params)}`;
    if (Number.isNaN(since)) return redirectWith(ctx, res, back, 'Replay needs a date and time.');
    const count = await ctx.services.webhooks.replay(ctx.livemode, id(req.params), since);
    await redirectWith(ctx, res, back, `Replay queued ${count} ${count === 1 ? 'delivery' : 'deliveries'}.`);
  });
  pages.post('/webhooks/:id/deliveries/:delivery/retry', 'webhooks', async (ctx, req, res) => {
    await ctx.services.webhooks.retry(ctx.livemode, id(req.params), String(req.params.delivery));
    await redirectWith(ctx, res, `${ctx.base}/webhooks/${id(req.params)}`, 'Delivery queued for a retry now.');
  });
}
