import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/api/middleware/idempotency.js';
import { BASIC_GB, expectError, ORDER, startTestHub, TestClock, type TestHub } from '../helpers/hub.js';

let t: TestHub;
const clock = new TestClock();
beforeAll(async () => {
  t = await startTestHub({ clock, env: { KEYBS_IDEMPOTENCY_LOCK_SECONDS: '30' } });
});
afterAll(() => t.close());

const count = () => t.hub.services.store.verifications.count(false);
const order = (key: string, body: unknown = ORDER, secret = t.testKey) =>
  t.request('POST', '/v1/verifications', { key: secret, body, headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('a repeat replays the first response byte for byte and creates nothing', async () => {
    const key = randomUUID();
    const first = await order(key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = await count();
    const again = await order(key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('x-request-id')).toBe(first.headers.get('x-request-id'));
    expect(await count()).toBe(before);
  });

  it('the same body with other key order and spacing is the same request', async () => {
    const key = randomUUID();
    const first = await order(key);
    const reordered = `{ "package":"enhanced", "registration_id":"1287654-K","country_code":"MY",\n"supplier":"${ORDER.supplier}"}`;
    const again = await t.request('POST', '/v1/verifications', {
      raw: reordered,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    });
    expect(again.text).toBe(first.text);
  });

  it('the same key with another body → 422 idempotency_key_reused, nothing created', async () => {
    const key = randomUUID();
    await order(key);
    const before = await count();
    const r = await order(key, { ...ORDER, supplier: 'Someone Else Sdn. Bhd.' });
    expectError(r, 422, 'idempotency_key_reused', 'idempotency_error');
    expect(await count()).toBe(before);
  });

  it('the same key on another path → 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const first = await order(key);
    const r = await t.request('POST', `/v1/verifications/${first.json.verification_id}/cancel`, {
      headers: { 'idempotency-key': key },
    });
    expectError(r, 422, 'idempotency_key_reused');
  });

  it('keys are scoped to the environment', async () => {
    const key = randomUUID();
    const test = await order(key);
    const live = await order(key, ORDER, t.liveKey);
    expect(live.status).toBe(201);
    expect(live.headers.get('idempotent-replayed')).toBeNull();
    expect(live.json.livemode).toBe(true);
    expect(live.json.verification_id).not.toBe(test.json.verification_id);
  });

  it('validation errors are not stored: the key can then be used with a fixed body', async () => {
    const key = randomUUID();
    expectError(await order(key, { ...ORDER, supplier: 42 }), 422, 'validation_failed');
    const fixed = await order(key);
    expect(fixed.status).toBe(201);
  });

  it('auth and scope refusals are not stored', async () => {
    const key = randomUUID();
    const readOnly = await t.key('test', ['verifications:read']);
    expectError(await order(key, ORDER, readOnly), 403, 'insufficient_scope');
    expect((await order(key)).status).toBe(201);
  });

  it('a 404 outcome is stored and replayed', async () => {
    const key = randomUUID();
    const first = await t.request('POST', '/v1/verifications/KBS-VR-2026-999999/cancel', {
      headers: { 'idempotency-key': key },
    });
    expectError(first, 404, 'resource_not_found');
    const again = await t.request('POST', '/v1/verifications/KBS-VR-2026-999999/cancel', {
      headers: { 'idempotency-key': key },
    });
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.error.request_id).toBe(again.headers.get('x-request-id'));
  });

  it('a retry replays even when what the first request was checked against has changed', async () => {
    const hook = await t.request('POST', '/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/keybs', events: ['decision_issued'] },
    });
    const key = randomUUID();
    const body = { ...ORDER, webhook_url: 'http://127.0.0.1:9/keybs' };
    const first = await order(key, body);
    expect(first.status).toBe(201);
    await t.request('DELETE', `/v1/webhooks/${hook.json.id}`);
    expectError(await order(randomUUID(), body), 422, 'webhook_url_not_registered');
    const again = await order(key, body);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('after 24 h the key starts afresh', async () => {
    const key = randomUUID();
    const first = await order(key, BASIC_GB);
    clock.advance(24 * 3_600_000 + 1);
    const later = await order(key, BASIC_GB);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.json.verification_id).not.toBe(first.json.verification_id);
  });
});

describe('concurrency and crashes', () => {
  /** Takes the key's lock the way a request still running (or one that crashed) holds it. */
  const holdLock = async (key: string, lockUntil: number) => {
    const req = { method: 'POST', baseUrl: '', path: '/v1/verifications', body: ORDER } as unknown as Request;
    const claim = await t.hub.services.store.idempotency.claim({
      env: 'test',
      key,
      fingerprint: fingerprint(req),
      now: clock.now(),
      lockUntil,
      expiredBefore: clock.now() - 24 * 3_600_000,
    });
    expect(claim.kind).toBe('acquired');
  };

  it('while the first request is still running → 409 idempotency_key_in_use', async () => {
    const key = randomUUID();
    await holdLock(key, clock.now() + 30_000);
    const before = await count();
    const r = await order(key);
    expectError(r, 409, 'idempotency_key_in_use', 'idempotency_error');
    expect(await count()).toBe(before);
  });

  it('a first request that crashed mid-way does not lock the key forever', async () => {
    const key = randomUUID();
    await holdLock(key, clock.now() + 30_000);
    expectError(await order(key), 409, 'idempotency_key_in_use');
    clock.advance(30_001);
    const r = await order(key);
    expect(r.status).toBe(201);
    expect((await order(key)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('concurrent duplicates create exactly one verification', async () => {
    const key = randomUUID();
    const ref = `concurrent-${key}`;
    const body = { ...ORDER, external_ref: ref };
    const replies = await Promise.all([...Array(12)].map(() => order(key, body)));
    for (const r of replies) expect([201, 409]).toContain(r.status);
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.json.verification_id));
    expect(ids.size).toBe(1);
    const list = await t.request('GET', `/v1/verifications?external_ref=${ref}`);
    expect(list.json.data).toHaveLength(1);
  });
});
