import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, RecordingServer, Responder } from '../test/recording-server.js';
import { errorReply, page, startServer, webhookDelivery, webhookEndpoint } from '../test/recording-server.js';
import type { KeyBsOptions } from './index.js';
import { KeyBs, KeyBsApiError, KeyBsInvalidResponseError, verifyWebhook } from './index.js';

const API_KEY = 'sk_test_abc123';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ODD_ID = 'we_a/b?c d#e';
const ODD_ID_ENCODED = 'we_a%2Fb%3Fc%20d%23e';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(
  responder: Responder,
  options: Partial<KeyBsOptions> = {},
): Promise<{ client: KeyBs; srv: RecordingServer }> {
  server = await startServer(responder);
  const client = new KeyBs({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, ...options });
  return { client, srv: server };
}

function only(srv: RecordingServer): RecordedRequest {
  expect(srv.requests).toHaveLength(1);
  const [req] = srv.requests;
  if (req === undefined) throw new Error('no request');
  return req;
}

function expectCommonHeaders(req: RecordedRequest): void {
  expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
  expect(req.headers.accept).toBe('application/json');
  expect(req.headers['user-agent']).toMatch(/^keybs-sdk-node\//);
}

/** A request with a JSON body and an Idempotency-Key. */
function expectWrite(req: RecordedRequest, method: string, url: string, body: unknown, key: RegExp | string): void {
  expect(`${req.method} ${req.url}`).toBe(`${method} ${url}`);
  expectCommonHeaders(req);
  expect(req.headers['idempotency-key']).toMatch(key);
  if (body === undefined) {
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  } else {
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual(body);
  }
}

function expectRead(req: RecordedRequest, url: string): void {
  expect(`${req.method} ${req.url}`).toBe(`GET ${url}`);
  expectCommonHeaders(req);
  expect(req.headers['idempotency-key']).toBeUndefined();
  expect(req.headers['content-type']).toBeUndefined();
  expect(req.body).toBe('');
}

const SECRET = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0';

describe('webhooks resource: requests', () => {
  it('create POSTs the body with a generated Idempotency-Key and returns the endpoint with its secret', async () => {
    const created = webhookEndpoint({ secret: SECRET, description: 'ERP' });
    const { client, srv } = await clientFor(() => ({ status: 201, body: created }));
    const body = { url: 'https://erp.example.com/keybs', events: ['decision_issued' as const], description: 'ERP' };

    const result = await client.webhooks.create(body);

    expect(result).toEqual(created);
    expect(result.secret).toBe(SECRET);
    expectWrite(only(srv), 'POST', '/v1/webhooks', body, UUID);
  });

  it('create sends the caller’s Idempotency-Key when given, and a fresh one per call otherwise', async () => {
    const { client, srv } = await clientFor(() => ({ status: 201, body: webhookEndpoint({ secret: SECRET }) }));
    const body = { url: 'https://erp.example.com/keybs', events: ['status_changed' as const] };
    await client.webhooks.create(body, { idempotencyKey: 'hook-erp-1' });
    await client.webhooks.create(body);
    await client.webhooks.create(body);

    const keys = srv.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe('hook-erp-1');
    expect(keys[1]).toMatch(UUID);
    expect(keys[2]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('list GETs one page with only the params given', async () => {
    const endpoints = [webhookEndpoint(), webhookEndpoint({ id: 'we_02' })];
    const { client, srv } = await clientFor(() => page(endpoints, true));

    expect(await client.webhooks.list({ limit: 2, starting_after: 'we_00' })).toEqual({
      data: endpoints,
      has_more: true,
    });
    await client.webhooks.list();

    expect(srv.requests).toHaveLength(2);
    expectRead(srv.requests[0] as RecordedRequest, '/v1/webhooks?limit=2&starting_after=we_00');
    expectRead(srv.requests[1] as RecordedRequest, '/v1/webhooks');
  });

  it('listAll walks every page with starting_after = the last id of the previous page', async () => {
    const all = [1, 2, 3, 4, 5].map((n) => webhookEndpoint({ id: `we_0${n}` }));
    const { client, srv } = await clientFor((req) => {
      const query = new URL(req.url, 'http://x').searchParams;
      const after = query.get('starting_after');
      const start = after === null ? 0 : all.findIndex((e) => e.id === after) + 1;
      const limit = Number(query.get('limit') ?? 20);
      return page(all.slice(start, start + limit), start + limit < all.length);
    });

    const seen: string[] = [];
    for await (const endpoint of client.webhooks.listAll({ limit: 2 })) seen.push(endpoint.id);

    expect(seen).toEqual(['we_01', 'we_02', 'we_03', 'we_04', 'we_05']);
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/webhooks?limit=2',
      '/v1/webhooks?limit=2&starting_after=we_02',
      '/v1/webhooks?limit=2&starting_after=we_04',
    ]);
  });

  it('listAll starts after the caller’s starting_after, stops on an empty page and when the loop breaks', async () => {
    const { client, srv } = await clientFor((req) =>
      req.url.includes('starting_after=we_09') ? page([], true) : page([webhookEndpoint({ id: 'we_09' })], true),
    );

    const seen: string[] = [];
    for await (const e of client.webhooks.listAll({ starting_after: 'we_08' })) seen.push(e.id);
    expect(seen).toEqual(['we_09']);
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/webhooks?starting_after=we_08',
      '/v1/webhooks?starting_after=we_09',
    ]);

    srv.requests.length = 0;
    for await (const _ of client.webhooks.listAll()) break;
    expect(srv.requests.map((r) => r.url)).toEqual(['/v1/webhooks']);
  });

  it('retrieve GETs the endpoint by URL-encoded id', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: webhookEndpoint() }));
    expect(await client.webhooks.retrieve(ODD_ID)).toEqual(webhookEndpoint());
    expectRead(only(srv), `/v1/webhooks/${ODD_ID_ENCODED}`);
  });

  it('update PATCHes the body with an Idempotency-Key', async () => {
    const updated = webhookEndpoint({ status: 'disabled', description: null });
    const { client, srv } = await clientFor(() => ({ status: 200, body: updated }));
    const body = { status: 'disabled' as const, description: null, events: ['status_changed' as const] };

    expect(await client.webhooks.update(ODD_ID, body, { idempotencyKey: 'patch-1' })).toEqual(updated);
    expectWrite(only(srv), 'PATCH', `/v1/webhooks/${ODD_ID_ENCODED}`, body, 'patch-1');
  });

  it('del DELETEs without a body and returns the deleted object', async () => {
    const deleted = { id: 'we_01', object: 'webhook_endpoint', deleted: true };
    const { client, srv } = await clientFor(() => ({ status: 200, body: deleted }));

    expect(await client.webhooks.del(ODD_ID)).toEqual(deleted);
    expectWrite(only(srv), 'DELETE', `/v1/webhooks/${ODD_ID_ENCODED}`, undefined, UUID);
  });

  it('rotateSecret POSTs without a body and returns the new secret', async () => {
    const rotated = webhookEndpoint({ secret: SECRET, previous_secret_expires_at: '2026-05-28T11:04:00Z' });
    const { client, srv } = await clientFor(() => ({ status: 200, body: rotated }));

    const result = await client.webhooks.rotateSecret(ODD_ID, { idempotencyKey: 'rotate-1' });

    expect(result.secret).toBe(SECRET);
    expect(result.previous_secret_expires_at).toBe('2026-05-28T11:04:00Z');
    expectWrite(only(srv), 'POST', `/v1/webhooks/${ODD_ID_ENCODED}/rotate-secret`, undefined, 'rotate-1');
  });

  it('sendTest POSTs /test and returns the queued delivery (202)', async () => {
    const queued = webhookDelivery({ event_type: 'webhook.test', status: 'pending', attempt_count: 0, attempts: [] });
    const { client, srv } = await clientFor(() => ({ status: 202, body: queued }));

    expect(await client.webhooks.sendTest(ODD_ID)).toEqual(queued);
    expectWrite(only(srv), 'POST', `/v1/webhooks/${ODD_ID_ENCODED}/test`, undefined, UUID);
  });

  it('listDeliveries GETs a page of deliveries with their attempts', async () => {
    const deliveries = [webhookDelivery(), webhookDelivery({ id: 'del_02', status: 'succeeded' })];
    const { client, srv } = await clientFor(() => page(deliveries, false));

    const list = await client.webhooks.listDeliveries(ODD_ID, { limit: 5, starting_after: 'del/00' });

    expect(list).toEqual({ data: deliveries, has_more: false });
    expect(list.data[0]?.attempts[0]?.status_code).toBe(500);
    expectRead(only(srv), `/v1/webhooks/${ODD_ID_ENCODED}/deliveries?limit=5&starting_after=del%2F00`);
  });

  it('listDeliveries without params sends no query string', async () => {
    const { client, srv } = await clientFor(() => page([], false));
    expect(await client.webhooks.listDeliveries('we_01')).toEqual({ data: [], has_more: false });
    expectRead(only(srv), '/v1/webhooks/we_01/deliveries');
  });

  it('retryDelivery POSTs to both URL-encoded ids', async () => {
    const queued = webhookDelivery({ status: 'pending' });
    const { client, srv } = await clientFor(() => ({ status: 202, body: queued }));

    expect(await client.webhooks.retryDelivery(ODD_ID, 'del_1/2', { idempotencyKey: 'retry-1' })).toEqual(queued);
    expectWrite(only(srv), 'POST', `/v1/webhooks/${ODD_ID_ENCODED}/deliveries/del_1%2F2/retry`, undefined, 'retry-1');
  });

  it('replay POSTs {since}: a string as given, a Date as RFC 3339 in UTC', async () => {
    const result = { object: 'webhook_replay', endpoint_id: 'we_01', since: '2026-05-27T11:04:00Z', deliveries: 3 };
    const { client, srv } = await clientFor(() => ({ status: 202, body: result }));

    expect(await client.webhooks.replay(ODD_ID, '2026-05-27T13:04:00+02:00')).toEqual(result);
    await client.webhooks.replay('we_01', new Date(Date.UTC(2026, 4, 27, 11, 4, 0)), { idempotencyKey: 'replay-1' });
    await client.webhooks.replay('we_01', new Date('2026-05-27T13:04:05.123+02:00'));

    expect(srv.requests).toHaveLength(3);
    const [first, second, third] = srv.requests as [RecordedRequest, RecordedRequest, RecordedRequest];
    expectWrite(first, 'POST', `/v1/webhooks/${ODD_ID_ENCODED}/replay`, { since: '2026-05-27T13:04:00+02:00' }, UUID);
    expectWrite(second, 'POST', '/v1/webhooks/we_01/replay', { since: '2026-05-27T11:04:00Z' }, 'replay-1');
    expectWrite(third, 'POST', '/v1/webhooks/we_01/replay', { since: '2026-05-27T11:04:05.123Z' }, UUID);
  });

  it('replay rejects an invalid Date with a TypeError before sending anything', async () => {
    const { client, srv } = await clientFor(() => ({ status: 500 }));
    const error = await client.webhooks.replay('we_01', new Date('not a date')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('since');
    expect(srv.requests).toHaveLength(0);
  });

  it('keeps the same Idempotency-Key and body when a PATCH or DELETE is retried', async () => {
    const { client, srv } = await clientFor(
      (req, index) =>
        index % 2 === 0
          ? errorReply('service_unavailable')
          : {
              status: 200,
              body:
                req.method === 'DELETE'
                  ? { id: 'we_01', object: 'webhook_endpoint', deleted: true }
                  : webhookEndpoint(),
            },
      { maxRetries: 1, sleep: async () => {} },
    );

    await client.webhooks.update('we_01', { url: 'https://new.example.com/hook' });
    await client.webhooks.del('we_01');

    expect(srv.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'DELETE', 'DELETE']);
    const [p1, p2, d1, d2] = srv.requests as RecordedRequest[];
    expect(p1?.headers['idempotency-key']).toMatch(UUID);
    expect(p2?.headers['idempotency-key']).toBe(p1?.headers['idempotency-key']);
    expect(p2?.body).toBe(p1?.body);
    expect(d1?.headers['idempotency-key']).toMatch(UUID);
    expect(d2?.headers['idempotency-key']).toBe(d1?.headers['idempotency-key']);
    expect(d1?.headers['idempotency-key']).not.toBe(p1?.headers['idempotency-key']);
  });

  it('keeps webhooks.verify as the verifier', async () => {
    const { client } = await clientFor(() => ({ status: 500 }));
    expect(client.webhooks.verify).toBe(verifyWebhook);
  });
});

describe('webhooks resource: responses', () => {
  async function failureOf(body: unknown, call: (client: KeyBs) => Promise<unknown>, status = 200) {
    const { client } = await clientFor(() => ({ status, body }));
    const error = await call(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    return error as KeyBsInvalidResponseError;
  }

  it('rejects an endpoint that does not match WebhookEndpoint, naming the fields', async () => {
    const { object: _dropped, ...rest } = webhookEndpoint();
    const error = await failureOf({ ...rest, events: ['everything'] }, (c) => c.webhooks.retrieve('we_01'));
    expect(error.message).toContain('GET /v1/webhooks/we_01');
    expect(error.message).toContain('WebhookEndpoint schema');
    expect(error.issues.some((i) => i.startsWith('object:'))).toBe(true);
    expect(error.issues.some((i) => i.startsWith('events.0:'))).toBe(true);
  });

  it('rejects a create answer that is not JSON', async () => {
    const error = await failureOf(
      'not json',
      (c) => c.webhooks.create({ url: 'https://x.example', events: ['status_changed'] }),
      201,
    );
    expect(error.status).toBe(201);
    expect(error.message).toContain('not JSON');
  });

  it('rejects a delivery list item that does not match WebhookDelivery', async () => {
    const error = await failureOf({ data: [{ ...webhookDelivery(), status: 'lost' }], has_more: false }, (c) =>
      c.webhooks.listDeliveries('we_01'),
    );
    expect(error.message).toContain('list of WebhookDelivery');
    expect(error.issues.some((i) => i.startsWith('data.0.status:'))).toBe(true);
  });

  it('rejects an endpoint list without has_more', async () => {
    const error = await failureOf({ data: [webhookEndpoint()] }, (c) => c.webhooks.list());
    expect(error.message).toContain('list of WebhookEndpoint');
    expect(error.issues.some((i) => i.startsWith('has_more:'))).toBe(true);
  });

  it('rejects a delivery with a malformed attempt from sendTest and retryDelivery', async () => {
    const bad = { ...webhookDelivery(), attempts: [{ attempt: 1 }] };
    const test = await failureOf(bad, (c) => c.webhooks.sendTest('we_01'), 202);
    expect(test.message).toContain('WebhookDelivery schema');
    expect(test.issues.some((i) => i.startsWith('attempts.0.attempted_at:'))).toBe(true);
    await server?.close();
    const retry = await failureOf(bad, (c) => c.webhooks.retryDelivery('we_01', 'del_01'), 202);
    expect(retry.message).toContain('POST /v1/webhooks/we_01/deliveries/del_01/retry');
  });

  it('rejects a delete answer without deleted: true', async () => {
    const error = await failureOf({ id: 'we_01', object: 'webhook_endpoint', deleted: false }, (c) =>
      c.webhooks.del('we_01'),
    );
    expect(error.message).toContain('DeletedObject schema');
    expect(error.issues.some((i) => i.startsWith('deleted:'))).toBe(true);
  });

  it('rejects a replay answer that is not a ReplayResult', async () => {
    const error = await failureOf(
      { object: 'webhook_replay', endpoint_id: 'we_01', since: '2026-05-27T11:04:00Z', deliveries: '3' },
      (c) => c.webhooks.replay('we_01', '2026-05-27T11:04:00Z'),
      202,
    );
    expect(error.message).toContain('ReplayResult schema');
    expect(error.issues.some((i) => i.startsWith('deliveries:'))).toBe(true);
  });

  it('turns a hub error into KeyBsApiError', async () => {
    const { client } = await clientFor(() => errorReply('resource_not_found'));
    const error = await client.webhooks.rotateSecret('we_missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsApiError);
    expect(error).toMatchObject({ status: 404, code: 'resource_not_found', retryable: false });
    expect((error as KeyBsApiError).requestId).toMatch(/^req_/);
  });
});
