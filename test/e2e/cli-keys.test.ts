import { SCOPES } from '@keybs/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, removeDir, runCli, type SpawnedHub, startHub, stopAllHubs, tempDataDir } from '../helpers/spawn-hub.js';

const SECRET = /sk_(?:test|live)_[0-9A-Za-z]{32}/;
const ORDER = { supplier: 'Keys Test Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' };

interface CreatedKey {
  id: string;
  secret: string;
  env: 'test' | 'live';
  scopes: string[];
}

describe('keybs keys against a running hub', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  let testKey: string;

  /** `keybs keys ARGS --data-dir DIR` while the hub runs on DIR. */
  const keys = (...args: string[]) => runCli(['keys', ...args, '--data-dir', dataDir]);

  async function createKey(...args: string[]): Promise<CreatedKey> {
    const r = await keys('create', ...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as CreatedKey;
  }

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-keys');
    hub = await startHub(dataDir);
    expect(hub.key).toMatch(/^sk_test_/);
    testKey = hub.key!;
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('create --json prints exactly {id, secret, env, scopes} on one line', async () => {
    const r = await keys('create', '--env', 'live', '--scopes', 'verifications:read', '--name', 'x', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const key = JSON.parse(r.stdout);
    expect(Object.keys(key).sort()).toEqual(['env', 'id', 'scopes', 'secret']);
    expect(key).toEqual({
      id: expect.stringMatching(/^key_/),
      secret: expect.stringMatching(/^sk_live_[0-9A-Za-z]{32}$/),
      env: 'live',
      scopes: ['verifications:read'],
    });
  });

  it('a read-only key can list verifications but not order one (403 insufficient_scope)', async () => {
    const reader = await createKey('--env', 'live', '--scopes', 'verifications:read', '--name', 'reader');
    const list = await api(hub.url, reader.secret, 'GET', '/v1/verifications');
    expect(list.status, list.text).toBe(200);
    expect(list.json).toMatchObject({ data: expect.any(Array), has_more: false });

    const order = await api(hub.url, reader.secret, 'POST', '/v1/verifications', ORDER);
    expect(order.status, order.text).toBe(403);
    expect(order.json.error).toMatchObject({ type: 'permission_error', code: 'insufficient_scope' });
    expect(order.json.error.request_id).toBe(order.headers.get('x-request-id'));
  });

  it('test and live keys never see each other’s verifications (404, not 403)', async () => {
    const live = await createKey('--env', 'live', '--name', 'live writer');
    expect(live.scopes).toEqual([...SCOPES]);

    const liveOrder = await api(hub.url, live.secret, 'POST', '/v1/verifications', ORDER);
    expect(liveOrder.status, liveOrder.text).toBe(201);
    expect(liveOrder.json.livemode).toBe(true);
    const testOrder = await api(hub.url, testKey, 'POST', '/v1/verifications', ORDER);
    expect(testOrder.status, testOrder.text).toBe(201);
    expect(testOrder.json.livemode).toBe(false);
    const liveId: string = liveOrder.json.verification_id;
    const testId: string = testOrder.json.verification_id;

    expect((await api(hub.url, live.secret, 'GET', `/v1/verifications/${liveId}`)).status).toBe(200);
    expect((await api(hub.url, testKey, 'GET', `/v1/verifications/${testId}`)).status).toBe(200);

    const testSeesLive = await api(hub.url, testKey, 'GET', `/v1/verifications/${liveId}`);
    expect(testSeesLive.status, testSeesLive.text).toBe(404);
    expect(testSeesLive.json.error.type).toBe('not_found_error');
    const liveSeesTest = await api(hub.url, live.secret, 'GET', `/v1/verifications/${testId}`);
    expect(liveSeesTest.status, liveSeesTest.text).toBe(404);
    expect(liveSeesTest.json.error.type).toBe('not_found_error');

    const liveList = await api(hub.url, live.secret, 'GET', '/v1/verifications?limit=100');
    const testList = await api(hub.url, testKey, 'GET', '/v1/verifications?limit=100');
    const ids = (r: typeof liveList) => (r.json.data as { verification_id: string }[]).map((v) => v.verification_id);
    expect(ids(liveList)).toContain(liveId);
    expect(ids(liveList)).not.toContain(testId);
    expect(ids(testList)).toContain(testId);
    expect(ids(testList)).not.toContain(liveId);
  });

  it('list --json shows every key with its prefix and never a secret', async () => {
    const made = await createKey('--env', 'test', '--name', 'listed');
    const r = await keys('list', '--json');
    expect(r.code, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { id: string; prefix: string; env: string }[];
    const entry = listed.find((k) => k.id === made.id);
    expect(entry, r.stdout).toBeDefined();
    expect(entry!.env).toBe('test');
    expect(made.secret.startsWith(entry!.prefix.replace(/…$/, ''))).toBe(true);
    expect(entry!.prefix.replace(/…$/, '').length).toBeLessThan(made.secret.length / 2);
    // No secret of any key (the first key printed by serve included), nor its hash, appears.
    expect(r.stdout).not.toContain(made.secret);
    expect(r.stdout).not.toContain(testKey);
    expect(r.stdout).not.toMatch(SECRET);
    expect(r.stdout).not.toMatch(/secret/i);

    const text = await keys('list');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(made.id);
    expect(text.stdout).not.toMatch(SECRET);
  });

  it('rotate --grace 0: the old key is expired at once (401 api_key_expired), the new one works', async () => {
    const old = await createKey('--env', 'live', '--scopes', 'verifications:read', '--name', 'rotate-now');
    expect((await api(hub.url, old.secret, 'GET', '/v1/verifications')).status).toBe(200);

    const r = await keys('rotate', old.id, '--grace', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const rotated = JSON.parse(r.stdout) as CreatedKey;
    expect(rotated.secret).toMatch(/^sk_live_/);
    expect(rotated.id).not.toBe(old.id);
    expect(rotated.scopes).toEqual(['verifications:read']);

    const before = await api(hub.url, old.secret, 'GET', '/v1/verifications');
    expect(before.status, before.text).toBe(401);
    expect(before.json.error).toMatchObject({ type: 'authentication_error', code: 'api_key_expired' });
    const after = await api(hub.url, rotated.secret, 'GET', '/v1/verifications');
    expect(after.status, after.text).toBe(200);
    // The successor keeps the scopes: still no ordering.
    const order = await api(hub.url, rotated.secret, 'POST', '/v1/verifications', ORDER);
    expect(order.json?.error?.code, order.text).toBe('insufficient_scope');
  });

  it('rotate --grace 1h: old and new keys both work', async () => {
    const old = await createKey('--env', 'test', '--name', 'rotate-later');
    const r = await keys('rotate', old.id, '--grace', '1h');
    expect(r.code, r.stderr).toBe(0);
    const secret = SECRET.exec(r.stdout)?.[0];
    expect(secret, r.stdout).toMatch(/^sk_test_/);
    expect(secret).not.toBe(old.secret);

    for (const key of [old.secret, secret!]) {
      const res = await api(hub.url, key, 'GET', '/v1/verifications');
      expect(res.status, res.text).toBe(200);
    }
    const listed = JSON.parse((await keys('list', '--json')).stdout) as { id: string; expires_at: string | null }[];
    const expiresAt = Date.parse(listed.find((k) => k.id === old.id)?.expires_at ?? '');
    expect(expiresAt - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60 * 60_000);
  });

  it('revoke: the key is refused at once (401 api_key_revoked)', async () => {
    const doomed = await createKey('--env', 'test', '--name', 'doomed');
    expect((await api(hub.url, doomed.secret, 'GET', '/v1/verifications')).status).toBe(200);

    const r = await keys('revoke', doomed.id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(doomed.id);

    const res = await api(hub.url, doomed.secret, 'GET', '/v1/verifications');
    expect(res.status, res.text).toBe(401);
    expect(res.json.error).toMatchObject({ type: 'authentication_error', code: 'api_key_revoked' });
    // Other keys are untouched.
    expect((await api(hub.url, testKey, 'GET', '/v1/verifications')).status).toBe(200);
  });

  it('an unknown scope is a usage error: exit 2, a message on stderr, no key created', async () => {
    const count = async () => (JSON.parse((await keys('list', '--json')).stdout) as unknown[]).length;
    const before = await count();
    const r = await keys('create', '--env', 'test', '--scopes', 'nope', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope/);
    expect(r.stdout).toBe('');
    expect(await count()).toBe(before);
  });
});
