import { CreateWebhookRequest, WEBHOOK_SUBSCRIPTIONS } from '@keybs/contract';
import type { Response } from 'express';
import { ApiError } from '../../domain/errors.js';
import { field, fields, type PageContext, sendHtml } from '../context.js';
import { when } from '../format.js';
import { type Html, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';
import { endpointState, registerWebhookDetail, renderEndpoint } from './webhook-detail.js';

const MAX_LISTED = 100;

function createForm(ctx: PageContext, values: { url?: string; description?: string } = {}): Html {
  return postForm(
    ctx,
    `${ctx.base}/webhooks`,
    html`<h2>Add an endpoint</h2>
<label for="wh-url">Endpoint URL</label>
<input id="wh-url" name="url" type="url" required placeholder="https://erp.example.com/keybs" value="${values.url ?? ''}">
<fieldset><legend>Events</legend>${WEBHOOK_SUBSCRIPTIONS.map(
      (e) => html`<label class="check"><input type="checkbox" name="events" value="${e}" checked> ${e}</label>`,
    )}</fieldset>
<label for="wh-description">Description</label>
<input id="wh-description" name="description" maxlength="500" value="${values.description ?? ''}">
<button type="submit">Add endpoint</button>`,
    { className: 'card stack', label: 'Add an endpoint' },
  );
}

async function render(ctx: PageContext, res: Response, status: number, error = '', values = {}) {
  const { data } = await ctx.services.webhooks.list(ctx.livemode, MAX_LISTED);
  const content = html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<table>
<caption>${ctx.livemode ? 'Live' : 'Test'} webhook endpoints (${data.length})</caption>
<thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
<tbody>${data.map(
    (e) => html`<tr>
<th scope="row"><a href="${ctx.base}/webhooks/${e.id}">${e.url}</a>${e.description ? html`<br><span class="muted">${e.description}</span>` : ''}</th>
<td>${e.events.join(', ')}</td><td>${endpointState(e)}</td><td>${when(e.createdAt)}</td></tr>`,
  )}</tbody>
</table>
${data.length === 0 ? html`<p class="muted">No endpoints yet.</p>` : ''}
${createForm(ctx, values)}`;
  sendHtml(res, status, page(ctx, 'webhooks', 'Webhooks', content));
}

export function registerWebhooks(pages: PageRouter): void {
  pages.get('/webhooks', 'webhooks', (ctx, _req, res) => render(ctx, res, 200));

  pages.post('/webhooks', 'webhooks', async (ctx, req, res) => {
    const description = field(req, 'description');
    const input = CreateWebhookRequest.safeParse({
      url: field(req, 'url'),
      events: fields(req, 'events'),
      ...(description && { description }),
    });
    const values = { url: field(req, 'url'), description };
    if (!input.success) {
      const issue = input.error.issues[0];
      const message = issue?.path[0] === 'events' ? 'Choose at least one event.' : 'Check the endpoint URL.';
      return render(ctx, res, 422, message, values);
    }
    try {
      const { endpoint, secret } = await ctx.services.webhooks.create(ctx.livemode, input.data);
      await renderEndpoint(ctx, res, endpoint.id, 201, { secret, heading: 'Endpoint added: its signing secret' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) return render(ctx, res, 422, error.message, values);
      throw error;
    }
  });

  registerWebhookDetail(pages);
}
