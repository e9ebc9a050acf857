import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingServer, Responder } from '../test/recording-server.js';
import { coverageRow, page, startServer, verification } from '../test/recording-server.js';
import { KeyBs, KeyBsInvalidResponseError } from './index.js';

const API_KEY = 'sk_test_abc123';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(responder: Responder, baseSuffix = ''): Promise<{ client: KeyBs; srv: RecordingServer }> {
  server = await startServer(responder);
  const client = new KeyBs({ apiKey: API_KEY, baseUrl: server.url + baseSuffix, maxRetries: 0 });
  return { client, srv: server };
}

describe('requests', () => {
  it('orders a verification with the API key, a JSON body and a generated Idempotency-Key', async () => {
    const created = verification();
    const { client, srv } = await clientFor(() => ({ status: 201, body: created }));
    const order = {
      supplier: 'Acme Sdn Bhd',
      country_code: 'my',
      registration_id: '201901000005',
      package: 'enhanced' as const,
    };

    const result = await client.verifications.create(order);

    expect(result).toEqual(created);
    expect(srv.requests).toHaveLength(1);
    const [req] = srv.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/verifications');
    expect(req?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toMatch(UUID);
    expect(JSON.parse(req?.body ?? '')).toEqual(order);
  });

  it('sends the caller’s Idempotency-Key when given, and a fresh one per call otherwise', async () => {
    const { client, srv } = await clientFor(() => ({ status: 201, body: verification() }));
    const order = { supplier: 'Acme', country_code: 'MY', registration_id: '1' };
    await client.verifications.create(order, { idempotencyKey: 'order-SUP-42' });
    await client.verifications.create(order);
    await client.verifications.create(order);

    const keys = srv.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe('order-SUP-42');
    expect(keys[1]).toMatch(UUID);
    expect(keys[2]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('retrieves, cancels and advances by URL-encoded id, sending no body on GET', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: verification() }));
    await client.verifications.retrieve('KBS-VR-2026-000001');
    await client.verifications.retrieve('a/b?c d');
    await client.verifications.cancel('KBS-VR-2026-000001');
    await client.testHelpers.advanceVerification('x/y');

    expect(srv.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/verifications/KBS-VR-2026-000001',
      'GET /v1/verifications/a%2Fb%3Fc%20d',
      'POST /v1/verifications/KBS-VR-2026-000001/cancel',
      'POST /v1/test_helpers/verifications/x%2Fy/advance',
    ]);
    expect(srv.requests[0]?.headers['idempotency-key']).toBeUndefined();
    expect(srv.requests[0]?.body).toBe('');
    expect(srv.requests[2]?.headers['idempotency-key']).toMatch(UUID);
    expect(srv.requests[3]?.headers['idempotency-key']).toMatch(UUID);
  });

  it('lists with only the filters given, in the query string', async () => {
    const { client, srv } = await clientFor(() => page([verification()], false));
    const list = await client.verifications.list({ limit: 2, status: 'in_review', external_ref: 'acc 1&x' });
    await client.verifications.list();

    expect(list).toEqual({ data: [verification()], has_more: false });
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/verifications?limit=2&status=in_review&external_ref=acc+1%26x',
      '/v1/verifications',
    ]);
  });

  it('listAll walks every page with starting_after = the last id of the previous page', async () => {
    const all = [1, 2, 3, 4, 5].map((n) => verification({ verification_id: `KBS-VR-2026-00000${n}` }));
    const { client, srv } = await clientFor((req) => {
      const query = new URL(req.url, 'http://x').searchParams;
      const after = query.get('starting_after');
      const start = after === null ? 0 : all.findIndex((v) => v.verification_id === after) + 1;
      const limit = Number(query.get('limit'));
      return page(all.slice(start, start + limit), start + limit < all.length);
    });

    const seen: string[] = [];
    for await (const v of client.verifications.listAll({ limit: 2, country_code: 'MY' })) seen.push(v.verification_id);

    expect(seen).toEqual(all.map((v) => v.verification_id));
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/verifications?limit=2&country_code=MY',
      '/v1/verifications?limit=2&country_code=MY&starting_after=KBS-VR-2026-000002',
      '/v1/verifications?limit=2&country_code=MY&starting_after=KBS-VR-2026-000004',
    ]);
  });

  it('listAll stops fetching when the loop breaks early', async () => {
    const { client, srv } = await clientFor(() => page([verification(), verification()], true));
    for await (const _ of client.verifications.listAll()) break;
    expect(srv.requests).toHaveLength(1);
  });

  it('reads coverage, keeping a base URL path prefix and dropping its trailing slash', async () => {
    const rows = [coverageRow(), coverageRow({ country_code: 'MY', name: 'Malaysia', world_bank_code: 'MYS' })];
    const { client, srv } = await clientFor(
      (req) =>
        req.url.endsWith('/coverage')
          ? { status: 200, body: { data: rows, count: 2 } }
          : { status: 200, body: rows[0] },
      '/hub/',
    );

    expect(await client.coverage.list()).toEqual({ data: rows, count: 2 });
    expect(await client.coverage.retrieve('gg')).toEqual(rows[0]);
    expect(srv.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /hub/v1/coverage',
      'GET /hub/v1/coverage/gg',
    ]);
  });
});

describe('response validation', () => {
  it('rejects a 2xx body that does not match the contract, naming the field, without retrying', async () => {
    const { status: _dropped, ...withoutStatus } = verification();
    server = await startServer(() => ({ status: 200, body: { ...withoutStatus, country_tier: 9 } }));
    const client = new KeyBs({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2, retryBaseMs: 0 });

    const error = await client.verifications.retrieve('KBS-VR-2026-000001').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    const invalid = error as KeyBsInvalidResponseError;
    expect(invalid.message).toContain('GET /v1/verifications/KBS-VR-2026-000001');
    expect(invalid.message).toContain('Verification schema');
    expect(invalid.issues.some((i) => i.startsWith('status:'))).toBe(true);
    expect(invalid.issues.some((i) => i.startsWith('country_tier:'))).toBe(true);
    expect(invalid.requestId).toMatch(/^req_/);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: '<html>hello</html>' }));
    await expect(client.coverage.list()).rejects.toThrow(/GET \/v1\/coverage \(HTTP 200\) is not JSON/);
  });

  it('rejects a list page whose items do not match', async () => {
    const { client } = await clientFor(() => page([{ verification_id: 'nope' }], false));
    await expect(client.verifications.list()).rejects.toBeInstanceOf(KeyBsInvalidResponseError);
  });
});

describe('options', () => {
  it('refuses a missing API key or nonsense settings up front', () => {
    expect(() => new KeyBs({ apiKey: '' })).toThrow(/apiKey is required/);
    expect(() => new KeyBs({ apiKey: API_KEY, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new KeyBs({ apiKey: API_KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new KeyBs({ apiKey: API_KEY, baseUrl: 'not a url' })).toThrow(/baseUrl/);
  });

  it('uses an injected fetch', async () => {
    const urls: string[] = [];
    const client = new KeyBs({
      apiKey: API_KEY,
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(JSON.stringify(verification()), { status: 200 });
      },
    });
    await client.verifications.retrieve('KBS-VR-2026-000001');
    expect(urls).toEqual(['http://127.0.0.1:8080/v1/verifications/KBS-VR-2026-000001']);
  });
});
