import { ListQuery, listOf, ReplayRequest, ReplayResult, WebhookDelivery } from '@keybs/contract';
import { rfc3339 } from '../../domain/clock.js';
import { presentDelivery } from '../present-webhooks.js';
import { defineRoute } from '../route.js';

const ID = { id: 'The webhook endpoint id, `we_…`.' };

export const testWebhook = defineRoute({
  method: 'post',
  path: '/v1/webhooks/:id/test',
  operationId: 'testWebhook',
  summary: 'Send a test delivery',
  description: 'Queues a signed `webhook.test` ping to the endpoint; follow it in its deliveries.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  responses: [{ status: 202, description: 'The queued delivery.', schema: WebhookDelivery }],
  async handle({ params, auth, services }) {
    return { status: 202, body: presentDelivery(await services.webhooks.sendTest(auth.livemode, params.id ?? '')) };
  },
});

export const listDeliveries = defineRoute({
  method: 'get',
  path: '/v1/webhooks/:id/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: "List an endpoint's deliveries",
  description:
    'Newest first, each with every attempt: time, status code, latency, error and the first 2 KB of the answer.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  query: ListQuery.strict(),
  responses: [{ status: 200, description: 'A page of deliveries.', schema: listOf(WebhookDelivery) }],
  async handle({ params, query, auth, services }) {
    const page = await services.webhooks.deliveries(auth.livemode, params.id ?? '', query.limit, query.starting_after);
    return { status: 200, body: { data: page.data.map(presentDelivery), has_more: page.hasMore } };
  },
});

export const retryDelivery = defineRoute({
  method: 'post',
  path: '/v1/webhooks/:id/deliveries/:delivery_id/retry',
  operationId: 'retryWebhookDelivery',
  summary: 'Retry a delivery now',
  description: 'Sends the delivery again at once, whatever its state, with the same `X-KeyBS-Delivery`.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: { ...ID, delivery_id: 'The delivery id, `del_…`.' },
  responses: [{ status: 202, description: 'The delivery, queued.', schema: WebhookDelivery }],
  async handle({ params, auth, services }) {
    const view = await services.webhooks.retry(auth.livemode, params.id ?? '', params.delivery_id ?? '');
    return { status: 202, body: presentDelivery(view) };
  },
});

export const replayWebhook = defineRoute({
  method: 'post',
  path: '/v1/webhooks/:id/replay',
  operationId: 'replayWebhook',
  summary: 'Replay past events',
  description:
    'Re-sends every event since `since` (up to 14 days back) that this endpoint subscribes to, as new deliveries.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  body: ReplayRequest,
  responses: [{ status: 202, description: 'How many deliveries were queued.', schema: ReplayResult }],
  async handle({ params, body, auth, services }) {
    const since = Date.parse(body.since);
    const deliveries = await services.webhooks.replay(auth.livemode, params.id ?? '', since);
    return {
      status: 202,
      body: { object: 'webhook_replay', endpoint_id: params.id ?? '', since: rfc3339(since), deliveries },
    };
  },
});
