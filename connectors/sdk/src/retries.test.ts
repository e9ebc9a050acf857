import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingServer, Reply, Responder } from '../test/recording-server.js';
import { errorReply, startServer, verification } from '../test/recording-server.js';
import type { KeyBsOptions } from './index.js';
import { KeyBs, KeyBsApiError, KeyBsConnectionError } from './index.js';

const ORDER = { supplier: 'Acme Sdn Bhd', country_code: 'MY', registration_id: '201901000005' };
const BASE_MS = 10;

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client whose waits are recorded instead of slept, so no test waits on a clock. */
async function setup(responder: Responder, options: Partial<KeyBsOptions> = {}) {
  server = await startServer(responder);
  const waits: number[] = [];
  const client = new KeyBs({
    apiKey: 'sk_test_abc123',
    baseUrl: server.url,
    maxRetries: 2,
    retryBaseMs: BASE_MS,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, srv: server, waits };
}

/** Answers the scripted replies in turn, then the last one forever. */
function sequence(...replies: (Reply | 'hang' | 'drop')[]): Responder {
  return (_req, index) => {
    const reply = replies[Math.min(index, replies.length - 1)];
    if (reply === undefined) throw new Error('empty sequence');
    return reply;
  };
}

const created: Reply = { status: 201, body: verification() };

describe('retries', () => {
  it('retries a 503 with the same Idempotency-Key and body, so the order is placed once', async () => {
    const { client, srv, waits } = await setup(sequence(errorReply('service_unavailable'), created));

    const result = await client.verifications.create(ORDER);

    expect(result.verification_id).toBe('KBS-VR-2026-000001');
    expect(srv.requests).toHaveLength(2);
    const [first, second] = srv.requests;
    expect(first?.headers['idempotency-key']).toBeDefined();
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(second?.body).toBe(first?.body);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(BASE_MS / 2);
    expect(waits[0]).toBeLessThanOrEqual(BASE_MS);
  });

  it('keeps the caller’s Idempotency-Key on every retry', async () => {
    const { client, srv } = await setup(sequence(errorReply('internal_error'), errorReply('internal_error'), created));
    await client.verifications.create(ORDER, { idempotencyKey: 'my-key-1' });
    expect(srv.requests.map((r) => r.headers['idempotency-key'])).toEqual(['my-key-1', 'my-key-1', 'my-key-1']);
  });

  it('waits out Retry-After on a 429 and then succeeds', async () => {
    const limited = errorReply('rate_limited', { headers: { 'Retry-After': '2' } });
    const { client, srv, waits } = await setup(sequence(limited, { status: 200, body: verification() }));

    await client.verifications.retrieve('KBS-VR-2026-000001');

    expect(srv.requests).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('gives a 429 back at once when Retry-After is longer than a minute', async () => {
    const limited = errorReply('rate_limited', { headers: { 'Retry-After': '3600' } });
    const { client, srv, waits } = await setup(sequence(limited, { status: 200, body: verification() }));

    await expect(client.verifications.retrieve('KBS-VR-2026-000001')).rejects.toMatchObject({ status: 429 });
    expect(srv.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries 409 idempotency_key_in_use but not other 409s', async () => {
    const inUse = await setup(sequence(errorReply('idempotency_key_in_use'), created));
    await inUse.client.verifications.create(ORDER);
    expect(inUse.srv.requests).toHaveLength(2);
    await inUse.srv.close();

    const notCancellable = await setup(sequence(errorReply('verification_not_cancellable'), created));
    const error = await notCancellable.client.verifications.cancel('KBS-VR-2026-000001').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'verification_not_cancellable', retryable: false });
    expect(notCancellable.srv.requests).toHaveLength(1);
  });

  it('turns a 422 into a KeyBsApiError with code, param and request id, and does not retry it', async () => {
    const { client, srv, waits } = await setup(sequence(errorReply('validation_failed', { param: 'country_code' })));

    const error = await client.verifications.create(ORDER).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KeyBsApiError);
    const api = error as KeyBsApiError;
    expect(api.status).toBe(422);
    expect(api.type).toBe('invalid_request_error');
    expect(api.code).toBe('validation_failed');
    expect(api.param).toBe('country_code');
    expect(api.message).toBe('A parameter is missing or invalid.');
    expect(api.requestId).toMatch(/^req_test\d+$/);
    expect(api.retryable).toBe(false);
    expect(srv.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('does not retry 400, 401, 403 or 404', async () => {
    for (const code of ['invalid_json', 'api_key_invalid', 'insufficient_scope', 'resource_not_found'] as const) {
      const { client, srv } = await setup(sequence(errorReply(code), { status: 200, body: verification() }));
      await expect(client.verifications.retrieve('x')).rejects.toMatchObject({ code, retryable: false });
      expect(srv.requests).toHaveLength(1);
      await srv.close();
    }
  });

  it('stops after maxRetries and throws the last error, with growing backoff', async () => {
    const { client, srv, waits } = await setup(sequence(errorReply('internal_error')));

    await expect(client.coverage.list()).rejects.toMatchObject({
      status: 500,
      code: 'internal_error',
      retryable: true,
    });
    expect(srv.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(BASE_MS);
    expect(waits[1]).toBeLessThanOrEqual(2 * BASE_MS);
  });

  it('gives a 5xx without a KeyBS error body a readable error', async () => {
    const { client, srv } = await setup(sequence({ status: 502, body: '<html>Bad Gateway</html>' }), { maxRetries: 1 });

    const error = await client.coverage.list().catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, type: 'api_error', code: 'unexpected_response', retryable: true });
    expect((error as KeyBsApiError).requestId).toMatch(/^req_/);
    expect(srv.requests).toHaveLength(2);
  });

  it('retries a dropped connection with the same Idempotency-Key', async () => {
    const { client, srv } = await setup(sequence('drop', created));
    await client.verifications.create(ORDER);
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[1]?.headers['idempotency-key']).toBe(srv.requests[0]?.headers['idempotency-key']);
  });

  it('throws KeyBsConnectionError when the hub cannot be reached', async () => {
    const { client, srv, waits } = await setup(sequence('drop'));
    const error = await client.verifications.retrieve('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsConnectionError);
    expect((error as KeyBsConnectionError).timedOut).toBe(false);
    expect(srv.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('times out an attempt that gets no answer, retries, then throws KeyBsConnectionError', async () => {
    const { client, srv } = await setup(sequence('hang'), { timeoutMs: 50, maxRetries: 1 });
    const error = await client.verifications.retrieve('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsConnectionError);
    expect((error as KeyBsConnectionError).timedOut).toBe(true);
    expect((error as Error).message).toMatch(/timed out after 50 ms/);
    expect(srv.requests).toHaveLength(2);
  });
});
