import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, expectError, ORDER, startTestHub, TestClock, type TestHub } from '../helpers/hub.js';

let t: TestHub;
const clock = new TestClock();
beforeAll(async () => {
  t = await startTestHub({ clock });
});
afterAll(() => t.close());

describe('authentication', () => {
  it('no key → 401 api_key_missing', async () => {
    expectError(
      await t.request('GET', '/v1/verifications', { key: null }),
      401,
      'api_key_missing',
      'authentication_error',
    );
  });

  it('an unknown or malformed key → 401 api_key_invalid', async () => {
    expectError(await t.request('GET', '/v1/verifications', { key: 'sk_test_nope' }), 401, 'api_key_invalid');
    const forged = `sk_test_${'A'.repeat(32)}`;
    expectError(await t.request('GET', '/v1/verifications', { key: forged }), 401, 'api_key_invalid');
    const r = await t.request('GET', '/v1/verifications', { key: null, headers: { authorization: 'Token abc' } });
    expectError(r, 401, 'api_key_missing');
  });

  it('accepts the key as HTTP Basic user name (curl -u sk_test_…:)', async () => {
    const basic = Buffer.from(`${t.testKey}:`).toString('base64');
    const r = await t.request('GET', '/v1/verifications', { key: null, headers: { authorization: `Basic ${basic}` } });
    expect(r.status).toBe(200);
  });

  it('stores only hashes: no secret is in the database', async () => {
    const keys = await t.hub.services.store.keys.list();
    for (const k of keys) {
      expect(k.secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(k)).not.toContain(t.testKey);
      expect(k.prefix).toMatch(/^sk_(test|live)_[0-9A-Za-z]{4}…$/);
    }
  });

  it('records last_used_at', async () => {
    const secret = await t.key('test');
    await t.request('GET', '/v1/verifications', { key: secret });
    const all = await t.hub.services.store.keys.list();
    const used = all.find((k) => secret.startsWith(k.prefix.slice(0, -1)) && k.lastUsedAt !== null);
    expect(used?.lastUsedAt).toBe(clock.now());
  });
});

describe('scopes', () => {
  it('a missing scope → 403 insufficient_scope naming the scope', async () => {
    const readOnly = await t.key('test', ['verifications:read']);
    const r = await t.request('POST', '/v1/verifications', { key: readOnly, body: ORDER });
    expectError(r, 403, 'insufficient_scope', 'permission_error');
    expect(r.json.error.message).toContain('verifications:write');
    expect((await t.request('GET', '/v1/verifications', { key: readOnly })).status).toBe(200);
    expectError(await t.request('GET', '/v1/coverage', { key: readOnly }), 403, 'insufficient_scope');
  });
});

describe('environment isolation', () => {
  it('a test key cannot see or change a live verification (404), and the reverse', async () => {
    const live = await t.request('POST', '/v1/verifications', { key: t.liveKey, body: ORDER });
    expect(live.status).toBe(201);
    expect(live.json.livemode).toBe(true);
    const id = live.json.verification_id;
    expectError(await t.request('GET', `/v1/verifications/${id}`), 404, 'resource_not_found');
    expectError(await t.request('POST', `/v1/verifications/${id}/cancel`), 404, 'resource_not_found');
    const list = await t.request('GET', '/v1/verifications?limit=100');
    expect(list.json.data.map((v: { verification_id: string }) => v.verification_id)).not.toContain(id);

    const test = await t.request('POST', '/v1/verifications', { body: ORDER });
    expectError(
      await t.request('GET', `/v1/verifications/${test.json.verification_id}`, { key: t.liveKey }),
      404,
      'resource_not_found',
    );
  });

  it('test helpers are 404 for live keys', async () => {
    const live = await t.request('POST', '/v1/verifications', { key: t.liveKey, body: BASIC_GB });
    const r = await t.request('POST', `/v1/test_helpers/verifications/${live.json.verification_id}/advance`, {
      key: t.liveKey,
    });
    expectError(r, 404, 'route_not_found', 'not_found_error');
  });

  it('live verifications never use the simulated registry: no provider → unavailable → analyst', async () => {
    const live = await t.request('POST', '/v1/verifications', { key: t.liveKey, body: BASIC_GB });
    const id = live.json.verification_id;
    const v = await eventually(async () => {
      const r = await t.request('GET', `/v1/verifications/${id}`, { key: t.liveKey });
      return r.json.status === 'in_progress' ? undefined : r.json;
    });
    expect(v.status).toBe('in_review');
    expect(v.checks.find((c: { type: string }) => c.type === 'registry').outcome).toBe('unavailable');
  });
});

describe('rotation and revocation', () => {
  it('a rotated key keeps working for the grace period, then 401 api_key_expired', async () => {
    const { key } = await t.hub.services.keys.create({ env: 'test' });
    const old = (await t.hub.services.keys.create({ env: 'test' })).secret;
    const oldRecord = (await t.hub.services.store.keys.findByHash(
      (await import('../../src/auth/api-keys.js')).hashSecret(old),
    ))!;
    const rotated = await t.hub.services.keys.rotate(oldRecord.id, 60_000);
    expect(rotated.key.scopes).toEqual(oldRecord.scopes);
    expect((await t.request('GET', '/v1/verifications', { key: old })).status).toBe(200);
    expect((await t.request('GET', '/v1/verifications', { key: rotated.secret })).status).toBe(200);
    clock.advance(60_001);
    expectError(await t.request('GET', '/v1/verifications', { key: old }), 401, 'api_key_expired');
    expect((await t.request('GET', '/v1/verifications', { key: rotated.secret })).status).toBe(200);
    expect(key.id).not.toBe(rotated.key.id);
  });

  it('a revoked key → 401 api_key_revoked at once', async () => {
    const created = await t.hub.services.keys.create({ env: 'live' });
    expect((await t.request('GET', '/v1/verifications', { key: created.secret })).status).toBe(200);
    await t.hub.services.keys.revoke(created.key.id);
    expectError(await t.request('GET', '/v1/verifications', { key: created.secret }), 401, 'api_key_revoked');
  });
});

describe('rate limits', () => {
  let limitedHub: TestHub;
  const limitClock = new TestClock();
  beforeAll(async () => {
    limitedHub = await startTestHub({
      clock: limitClock,
      env: { KEYBS_RATE_LIMIT_PER_SECOND: '2', KEYBS_RATE_LIMIT_BURST: '3' },
    });
  });
  afterAll(() => limitedHub.close());

  it('refuses past the burst with 429 and Retry-After, per key, and refills over time', async () => {
    const t = limitedHub;
    const clock = limitClock;
    const limited = await t.key('test');
    const other = await t.key('test');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.request('GET', '/v1/coverage/GB', { key: limited })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const r = await t.request('GET', '/v1/coverage/GB', { key: limited });
    expectError(r, 429, 'rate_limited', 'rate_limit_error');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/v1/coverage/GB', { key: other })).status).toBe(200);
    clock.advance(1_000);
    expect((await t.request('GET', '/v1/coverage/GB', { key: limited })).status).toBe(200);
  });
});
