import {
  CreateWebhookRequest,
  DeletedObject,
  ListQuery,
  listOf,
  UpdateWebhookRequest,
  WebhookEndpoint,
} from '@keybs/contract';
import { presentEndpoint } from '../present-webhooks.js';
import { defineRoute } from '../route.js';

const ID = { id: 'The webhook endpoint id, `we_…`.' };

export const createWebhook = defineRoute({
  method: 'post',
  path: '/v1/webhooks',
  operationId: 'createWebhook',
  summary: 'Register a webhook endpoint',
  description:
    'Subscribes a URL to `status_changed` and/or `decision_issued`. The answer carries the signing `secret` ' +
    '(`whsec_…`), shown only here. Live-mode URLs must be https and may not resolve to private addresses.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  body: CreateWebhookRequest,
  responses: [{ status: 201, description: 'The endpoint, with its secret.', schema: WebhookEndpoint }],
  errors: ['invalid_webhook_url', 'webhook_url_forbidden'],
  async handle({ body, auth, services }) {
    const { endpoint, secret } = await services.webhooks.create(auth.livemode, body);
    return { status: 201, body: presentEndpoint(endpoint, services.clock.now(), secret) };
  },
});

export const listWebhooks = defineRoute({
  method: 'get',
  path: '/v1/webhooks',
  operationId: 'listWebhooks',
  summary: 'List webhook endpoints',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  query: ListQuery.strict(),
  responses: [{ status: 200, description: 'A page of endpoints.', schema: listOf(WebhookEndpoint) }],
  async handle({ query, auth, services }) {
    const page = await services.webhooks.list(auth.livemode, query.limit, query.starting_after);
    return {
      status: 200,
      body: { data: page.data.map((e) => presentEndpoint(e, services.clock.now())), has_more: page.hasMore },
    };
  },
});

export const getWebhook = defineRoute({
  method: 'get',
  path: '/v1/webhooks/:id',
  operationId: 'getWebhook',
  summary: 'Get a webhook endpoint',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  responses: [{ status: 200, description: 'The endpoint (without its secret).', schema: WebhookEndpoint }],
  async handle({ params, auth, services }) {
    return {
      status: 200,
      body: presentEndpoint(await services.webhooks.get(auth.livemode, params.id ?? ''), services.clock.now()),
    };
  },
});

export const updateWebhook = defineRoute({
  method: 'patch',
  path: '/v1/webhooks/:id',
  operationId: 'updateWebhook',
  summary: 'Update a webhook endpoint',
  description: 'Change its URL, events or description, or disable and re-enable it (`status`).',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  body: UpdateWebhookRequest,
  responses: [{ status: 200, description: 'The updated endpoint.', schema: WebhookEndpoint }],
  errors: ['invalid_webhook_url', 'webhook_url_forbidden'],
  async handle({ params, body, auth, services }) {
    return {
      status: 200,
      body: presentEndpoint(await services.webhooks.update(auth.livemode, params.id ?? '', body), services.clock.now()),
    };
  },
});

export const deleteWebhook = defineRoute({
  method: 'delete',
  path: '/v1/webhooks/:id',
  operationId: 'deleteWebhook',
  summary: 'Delete a webhook endpoint',
  description: 'Stops all deliveries to it.',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  responses: [{ status: 200, description: 'Deleted.', schema: DeletedObject }],
  async handle({ params, auth, services }) {
    const id = params.id ?? '';
    await services.webhooks.remove(auth.livemode, id);
    return { status: 200, body: { id, object: 'webhook_endpoint', deleted: true } };
  },
});

export const rotateWebhookSecret = defineRoute({
  method: 'post',
  path: '/v1/webhooks/:id/rotate-secret',
  operationId: 'rotateWebhookSecret',
  summary: 'Rotate the signing secret',
  description:
    'Returns a new `secret`. For 24 h every delivery is signed with both the new and the old secret ' +
    '(two `sha256=` values in `X-KeyBS-Signature`, two `v1,` values in `webhook-signature`).',
  tag: 'Webhooks',
  scope: 'webhooks:write',
  params: ID,
  responses: [{ status: 200, description: 'The endpoint with its new secret.', schema: WebhookEndpoint }],
  async handle({ params, auth, services }) {
    const { endpoint, secret } = await services.webhooks.rotateSecret(auth.livemode, params.id ?? '');
    return { status: 200, body: presentEndpoint(endpoint, services.clock.now(), secret) };
  },
});
