import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, expectError, startTestHub, type TestHub } from '../helpers/hub.js';
import { jsonOf, Receiver } from '../helpers/receiver.js';
import { type PrivateServer, postgresInstalled, startPrivateServer } from './private-server.js';
import { TEST_DATABASE_URL } from './test-database.js';

/**
 * PostgreSQL shut down and started again under a running hub (a restart, a failover): requests fail with the
 * contract's 503 and `Retry-After`, nothing half-written, and the hub serves again without being restarted,
 * background work included. Uses a server of its own, since it stops it; runs in the PostgreSQL pass.
 */
describe.skipIf(!TEST_DATABASE_URL || !postgresInstalled())('PostgreSQL restarted under a running hub', () => {
  let server: PrivateServer;
  let t: TestHub;
  let receiver: Receiver;

  beforeAll(async () => {
    server = startPrivateServer();
    receiver = await Receiver.start();
    t = await startTestHub({
      env: {
        KEYBS_DATABASE_URL: server.url,
        KEYBS_ALLOW_PRIVATE_WEBHOOKS: '1',
        KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2,0.5,1,1,1,1,1,1',
      },
    });
    const hook = await t.request('POST', '/v1/webhooks', {
      body: { url: `${receiver.url}/hook`, events: ['decision_issued'] },
    });
    expect(hook.status, hook.text).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    server?.remove();
  });

  const completedFor = (id: string) =>
    receiver.requests.filter(
      (r) => jsonOf(r).verification_id === id && r.headers['x-keybs-event'] === 'verification.completed',
    );

  it('answers 503 service_unavailable with Retry-After while the database is down', async () => {
    const before = await t.request('POST', '/v1/verifications', { body: BASIC_GB });
    expect(before.status, before.text).toBe(201);
    await receiver.waitFor(() => completedFor(before.json.verification_id).length > 0, 15_000);

    server.pause();
    const read = await t.request('GET', `/v1/verifications/${before.json.verification_id}`);
    expectError(read, 503, 'service_unavailable', 'api_error');
    expect(read.headers.get('retry-after')).toBe('2');
    expect(read.json.error.message).toMatch(/database/i);

    const order = await t.request('POST', '/v1/verifications', {
      body: { ...BASIC_GB, external_ref: 'during-outage' },
      headers: { 'idempotency-key': 'outage-order-1' },
    });
    expectError(order, 503, 'service_unavailable', 'api_error');

    const ready = await t.request('GET', '/readyz', { key: null });
    expect(ready.status).toBe(503);
    const live = await t.request('GET', '/healthz', { key: null });
    expect(live.status).toBe(200);
  }, 60_000);

  it('serves again once the database is back, without a restart: the retried order and its webhook go through', async () => {
    server.resume();
    const ready = await eventually(async () => {
      const r = await t.request('GET', '/readyz', { key: null });
      return r.status === 200 ? r : undefined;
    }, 20_000);
    expect(ready.json).toEqual({ status: 'ready' });

    // The order refused during the outage was not applied: the same key now creates it, once.
    const order = await t.request('POST', '/v1/verifications', {
      body: { ...BASIC_GB, external_ref: 'during-outage' },
      headers: { 'idempotency-key': 'outage-order-1' },
    });
    expect(order.status, order.text).toBe(201);
    const again = await t.request('POST', '/v1/verifications', {
      body: { ...BASIC_GB, external_ref: 'during-outage' },
      headers: { 'idempotency-key': 'outage-order-1' },
    });
    expect(again.json.verification_id).toBe(order.json.verification_id);
    const listed = await t.request('GET', '/v1/verifications?external_ref=during-outage');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.data.map((v: { verification_id: string }) => v.verification_id)).toEqual([
      order.json.verification_id,
    ]);

    // The check worker and the webhook dispatcher picked up again by themselves.
    await receiver.waitFor(() => completedFor(order.json.verification_id).length > 0, 20_000);
  }, 60_000);
});
