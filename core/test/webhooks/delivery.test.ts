import { createHmac } from 'node:crypto';
import { verifyWebhook } from '@keybs/sdk';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, expectError, startTestHub, type TestHub } from '../helpers/hub.js';
import { headerOf, jsonOf, type ReceivedRequest, Receiver } from '../helpers/receiver.js';

const BASIC = { supplier: 'Acme Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' } as const;
const FAST = { KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05', KEYBS_WEBHOOK_TIMEOUT_MS: '300' };
const BOTH = ['status_changed', 'decision_issued'];

let t: TestHub | undefined;
const receivers: Receiver[] = [];

/** A fresh hub per test: every test-mode endpoint gets every test-mode event, so tests must not share one. */
async function hub(env: Record<string, string> = FAST): Promise<TestHub> {
  t = await startTestHub({ env });
  return t;
}
async function receiver(options: Parameters<typeof Receiver.start>[0] = {}): Promise<Receiver> {
  const r = await Receiver.start(options);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  // Receivers first: that ends hung requests, so the hub's shutdown has nothing in flight to wait for.
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await t?.close();
  t = undefined;
});

async function register(h: TestHub, url: string, events = BOTH): Promise<{ id: string; secret: string }> {
  const r = await h.request('POST', '/v1/webhooks', { body: { url, events } });
  expect(r.status, r.text).toBe(201);
  return r.json;
}
async function order(h: TestHub): Promise<string> {
  const r = await h.request('POST', '/v1/verifications', { body: BASIC });
  expect(r.status, r.text).toBe(201);
  return r.json.verification_id;
}
const completed = (h: TestHub, id: string) =>
  eventually(async () => {
    const r = await h.request('GET', `/v1/verifications/${id}`);
    return r.json.status === 'completed' ? r.json : undefined;
  });
const deliveries = async (h: TestHub, endpointId: string): Promise<any[]> => {
  const r = await h.request('GET', `/v1/webhooks/${endpointId}/deliveries?limit=100`);
  expect(r.status, r.text).toBe(200);
  return r.json.data;
};
/** Polls the endpoint's deliveries until `pick` finds something. */
const deliveryWhere = <T>(h: TestHub, endpointId: string, pick: (ds: any[]) => T | undefined, ms = 5_000) =>
  eventually(async () => pick(await deliveries(h, endpointId)), ms);

/** Contract §5, computed here from scratch: hex HMAC-SHA256 keyed with the whole `whsec_…` string. */
const keybsSignature = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
const standardHeaders = (r: ReceivedRequest): Record<string, string> => ({
  'webhook-id': headerOf(r, 'webhook-id') ?? '',
  'webhook-timestamp': headerOf(r, 'webhook-timestamp') ?? '',
  'webhook-signature': headerOf(r, 'webhook-signature') ?? '',
});
const isEvent = (r: ReceivedRequest, event: string, verificationId?: string) =>
  headerOf(r, 'x-keybs-event') === event &&
  (verificationId === undefined || jsonOf(r).verification_id === verificationId);

describe('deliveries of a verification', () => {
  it('sends status_changed events and one verification.completed whose body is the decision, signed per §5', async () => {
    const h = await hub();
    const rx = await receiver();
    const all = await register(h, `${rx.url}/all`);
    const decisions = await register(h, `${rx.url}/decisions`, ['decision_issued']);
    const id = await order(h);
    const v = await completed(h, id);
    const fromAll = (ev: string) => rx.requests.filter((r) => r.path === '/all' && isEvent(r, ev, id));
    await rx.waitFor(() =>
      ['/all', '/decisions'].every((p) =>
        rx.requests.some((r) => r.path === p && isEvent(r, 'verification.completed', id)),
      ),
    );
    await rx.waitFor(() => fromAll('verification.status_changed').some((r) => jsonOf(r).status === 'completed'));

    // status_changed: the §5 payload, ending in completed.
    const changes = fromAll('verification.status_changed').map((r) => jsonOf(r));
    for (const c of changes) {
      expect(Object.keys(c).sort()).toEqual(
        [
          'verification_id',
          'status',
          'previous_status',
          'country_tier',
          'confidence',
          'assigned_reviewer',
          'changed_at',
          'external_ref',
          'livemode',
        ].sort(),
      );
      expect(c).toMatchObject({ verification_id: id, country_tier: 1, livemode: false, external_ref: null });
    }
    expect(changes.find((c) => c.status === 'completed')).toMatchObject({ previous_status: 'in_progress' });

    // verification.completed: exactly one, its body the decision object of GET /v1/verifications/:id.
    const done = fromAll('verification.completed');
    expect(done).toHaveLength(1);
    const delivery = done[0]!;
    expect(jsonOf(delivery)).toEqual(v.decision);
    expect(v.decision).not.toBeNull();

    // Headers.
    expect(delivery.method).toBe('POST');
    expect(headerOf(delivery, 'content-type')).toMatch(/^application\/json/);
    const eventId = headerOf(delivery, 'x-keybs-delivery')!;
    expect(eventId).toMatch(/^evt_/);
    const ts = headerOf(delivery, 'x-keybs-timestamp')!;
    expect(ts).toMatch(/^\d+$/);
    expect(Math.abs(Number(ts) - delivery.at / 1000)).toBeLessThan(5);
    expect(headerOf(delivery, 'x-keybs-signature')).toBe(keybsSignature(all.secret, ts, delivery.body));
    expect(headerOf(delivery, 'webhook-id')).toBe(eventId);
    expect(headerOf(delivery, 'webhook-timestamp')).toBe(ts);
    expect(headerOf(delivery, 'webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const otherSecret = (await register(h, `${rx.url}/unused`, ['decision_issued'])).secret;
    expect(headerOf(delivery, 'x-keybs-signature')).not.toBe(keybsSignature(otherSecret, ts, delivery.body));

    // The stock Standard Webhooks verifier accepts it with the same secret, and refuses another one.
    expect(new Webhook(all.secret).verify(delivery.body, standardHeaders(delivery))).toEqual(v.decision);
    expect(() => new Webhook(otherSecret).verify(delivery.body, standardHeaders(delivery))).toThrow();
    expect(() => new Webhook(all.secret).verify(`${delivery.body} `, standardHeaders(delivery))).toThrow();

    // The SDK's verifyWebhook accepts it (KeyBS headers, and Standard Webhooks headers alone).
    expect(verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: all.secret })).toEqual(v.decision);
    expect(verifyWebhook({ body: delivery.body, headers: standardHeaders(delivery), secret: all.secret })).toEqual(
      v.decision,
    );
    expect(() => verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: otherSecret })).toThrow(
      /signature/,
    );

    // Subscriptions: decision_issued only → no status_changed.
    const toDecisions = rx.requests.filter((r) => r.path === '/decisions');
    expect(toDecisions.map((r) => headerOf(r, 'x-keybs-event'))).toEqual(['verification.completed']);
    const d = toDecisions[0]!;
    expect(headerOf(d, 'x-keybs-delivery')).toBe(eventId);
    expect(headerOf(d, 'x-keybs-signature')).toBe(
      keybsSignature(decisions.secret, headerOf(d, 'x-keybs-timestamp')!, d.body),
    );

    // The deliveries log agrees with what the receiver saw.
    const log = await deliveryWhere(h, all.id, (ds) =>
      ds.length === fromAll('verification.status_changed').length + 1 && ds.every((x) => x.status === 'succeeded')
        ? ds
        : undefined,
    );
    for (const x of log) {
      expect(x).toMatchObject({
        object: 'webhook_delivery',
        endpoint_id: all.id,
        attempt_count: 1,
        next_attempt_at: null,
      });
      expect(x.attempts).toEqual([
        expect.objectContaining({ attempt: 1, status_code: 200, error: null, latency_ms: expect.any(Number) }),
      ]);
    }
    expect(log.filter((x) => x.event_type === 'verification.completed').map((x) => x.event_id)).toEqual([eventId]);
    expect((await deliveries(h, decisions.id)).map((x) => x.event_type)).toEqual(['verification.completed']);
  });
});

describe('retries', () => {
  it('500 then 200 → two attempts with the same X-KeyBS-Delivery, then succeeded; the body kept is ≤ 2048 chars', async () => {
    const h = await hub();
    const rx = await receiver();
    rx.next({ status: 500, body: `oops:${'x'.repeat(5_000)}` });
    const e = await register(h, `${rx.url}/hook`);
    const ping = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    expect(ping.status).toBe(202);
    const [first, second] = await rx.waitFor((rs) => (rs.length >= 2 ? rs : undefined));
    expect(headerOf(first!, 'x-keybs-delivery')).toBe(ping.json.event_id);
    expect(headerOf(second!, 'x-keybs-delivery')).toBe(ping.json.event_id);
    expect(second!.body).toBe(first!.body);

    const d = await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === ping.json.id && x.status === 'succeeded'));
    expect(d.attempt_count).toBe(2);
    expect(d.attempts.map((a: any) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    for (const a of d.attempts) {
      expect(Number.isInteger(a.latency_ms)).toBe(true);
      expect(a.latency_ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(a.attempted_at)).not.toBeNaN();
    }
    expect(d.attempts[0].response_body.length).toBeLessThanOrEqual(2048);
    expect(d.attempts[0].response_body).toBe(`oops:${'x'.repeat(2043)}`);
    expect(d.attempts[1].response_body).toBeNull();
    expect(rx.requests).toHaveLength(2);
  });

  it('a receiver that is down, then up on the same port, gets the events after it comes up', async () => {
    const h = await hub({
      KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3',
      KEYBS_WEBHOOK_TIMEOUT_MS: '300',
    });
    const port = await Receiver.closedPort();
    const e = await register(h, `http://127.0.0.1:${port}/hook`, ['decision_issued']);
    const id = await order(h);
    await completed(h, id);
    const refused = await deliveryWhere(h, e.id, (ds) => (ds[0]?.attempts.length >= 1 ? ds[0] : undefined));
    expect(refused.status).toBe('pending');
    expect(refused.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/refused/i) });

    const rx = await receiver({ port });
    const got = await rx.waitFor((rs) => rs.find((r) => isEvent(r, 'verification.completed', id)), 5_000);
    expect(headerOf(got, 'x-keybs-delivery')).toBe(refused.event_id);
    const d = await deliveryWhere(h, e.id, (ds) => (ds[0]?.status === 'succeeded' ? ds[0] : undefined));
    expect(d.attempts.at(-1)).toMatchObject({ status_code: 200, error: null });
    expect(d.attempts.slice(0, -1).every((a: any) => a.status_code === null && /refused/i.test(a.error))).toBe(true);
  });

  it('410 disables the endpoint (disabled_reason gone) and nothing more is sent to it', async () => {
    const h = await hub();
    const gone = await receiver({ behaviour: 410 });
    const healthy = await receiver();
    const e = await register(h, `${gone.url}/hook`);
    const ok = await register(h, `${healthy.url}/hook`);
    const ping = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    await gone.waitFor((rs) => rs.length === 1);
    const endpoint = await eventually(async () => {
      const r = await h.request('GET', `/v1/webhooks/${e.id}`);
      return r.json.status === 'disabled' ? r.json : undefined;
    });
    expect(endpoint.disabled_reason).toBe('gone');
    const d = await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === ping.json.id && x.status === 'failed'));
    expect(d.attempts.map((a: any) => a.status_code)).toEqual([410]);

    // Later events reach the healthy endpoint but not the disabled one; a test ping to it stays unsent.
    const later = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    expect(later.status).toBe(202);
    const id = await order(h);
    await completed(h, id);
    await healthy.waitFor((rs) => rs.some((r) => isEvent(r, 'verification.completed', id)));
    expect(gone.requests).toHaveLength(1);
    const log = await deliveries(h, e.id);
    expect(log.map((x) => [x.event_type, x.status, x.attempt_count])).toEqual([
      ['webhook.test', 'pending', 0],
      ['webhook.test', 'failed', 1],
    ]);
    expect((await deliveries(h, ok.id)).some((x) => x.event_type === 'verification.completed')).toBe(true);
  });

  it('Retry-After is honoured: a 503 with Retry-After: 1 is not retried before ~1 s', async () => {
    const h = await hub();
    const rx = await receiver();
    rx.next({ status: 503, headers: { 'retry-after': '1' } });
    const e = await register(h, `${rx.url}/hook`);
    const ping = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    const [first, second] = await rx.waitFor((rs) => (rs.length >= 2 ? rs : undefined), 5_000);
    const gap = second!.at - first!.at;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3_000);
    const d = await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === ping.json.id && x.status === 'succeeded'));
    expect(d.attempts.map((a: any) => a.status_code)).toEqual([503, 200]);
  });

  it('an always-500 receiver on a 3-step schedule → failed after exactly 4 attempts; retry then sends a 5th', async () => {
    const h = await hub();
    const rx = await receiver({ behaviour: 500 });
    const e = await register(h, `${rx.url}/hook`);
    const ping = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    const d = await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === ping.json.id && x.status === 'failed'));
    expect(d.attempt_count).toBe(4);
    expect(d.next_attempt_at).toBeNull();
    expect(d.attempts.map((a: any) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
    ]);
    expect(rx.requests).toHaveLength(4);
    expect(new Set(rx.requests.map((r) => headerOf(r, 'x-keybs-delivery')))).toEqual(new Set([ping.json.event_id]));
    // The endpoint stays enabled: 5 days of failures disable it, not one failed delivery.
    expect((await h.request('GET', `/v1/webhooks/${e.id}`)).json.status).toBe('enabled');

    rx.answer(200);
    const retry = await h.request('POST', `/v1/webhooks/${e.id}/deliveries/${d.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.json).toMatchObject({ id: d.id, status: 'pending', event_id: ping.json.event_id });
    await rx.waitFor((rs) => rs.length === 5);
    expect(headerOf(rx.requests[4]!, 'x-keybs-delivery')).toBe(ping.json.event_id);
    const after = await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === d.id && x.status === 'succeeded'));
    expect(after.attempts.map((a: any) => a.status_code)).toEqual([500, 500, 500, 500, 200]);
  });

  it('a receiver that never answers times out (300 ms) while a healthy endpoint still gets every delivery promptly', async () => {
    const h = await hub();
    const hung = await receiver({ behaviour: 'hang' });
    const healthy = await receiver();
    const stuck = await register(h, `${hung.url}/hook`);
    const ok = await register(h, `${healthy.url}/hook`);
    const started = Date.now();
    const ids = await Promise.all([order(h), order(h), order(h)]);
    const arrived = await healthy.waitFor(
      (rs) => (ids.every((id) => rs.some((r) => isEvent(r, 'verification.completed', id))) ? Date.now() : undefined),
      5_000,
    );
    // Basic test orders complete within a second or so; the hung endpoint must not add its timeouts to that.
    expect(arrived - started).toBeLessThan(3_000);
    expect(hung.requests.length).toBeGreaterThan(0);

    const okLog = await deliveryWhere(h, ok.id, (ds) =>
      ds.length > 0 && ds.every((x) => x.status === 'succeeded') ? ds : undefined,
    );
    for (const x of okLog) expect(x.attempts.map((a: any) => a.status_code)).toEqual([200]);
    const timedOut = await deliveryWhere(h, stuck.id, (ds) =>
      ds.find((x) => x.attempts.length >= 1 && x.attempts[0].error !== null),
    );
    expect(timedOut.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/timeout/i) });
    expect(timedOut.attempts[0].latency_ms).toBeGreaterThanOrEqual(250);
    expect(timedOut.attempts[0].latency_ms).toBeLessThan(2_000);
  });
});

describe('test pings, manual retry and replay', () => {
  it('POST /v1/webhooks/:id/test → 202 and a signed webhook.test delivery arrives', async () => {
    const h = await hub();
    const rx = await receiver();
    const e = await register(h, `${rx.url}/hook`, ['decision_issued']);
    const r = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ object: 'webhook_delivery', endpoint_id: e.id, event_type: 'webhook.test' });
    expect(r.json.event_id).toMatch(/^evt_/);
    const got = await rx.waitFor((rs) => rs[0]);
    expect(headerOf(got, 'x-keybs-event')).toBe('webhook.test');
    expect(headerOf(got, 'x-keybs-delivery')).toBe(r.json.event_id);
    expect(jsonOf(got)).toMatchObject({
      id: r.json.event_id,
      type: 'webhook.test',
      endpoint_id: e.id,
      livemode: false,
    });
    const ts = headerOf(got, 'x-keybs-timestamp')!;
    expect(headerOf(got, 'x-keybs-signature')).toBe(keybsSignature(e.secret, ts, got.body));
    expect(new Webhook(e.secret).verify(got.body, standardHeaders(got))).toMatchObject({ type: 'webhook.test' });
    expect(verifyWebhook({ body: got.body, headers: got.headers, secret: e.secret })).toMatchObject({
      endpoint_id: e.id,
    });
    expectError(await h.request('POST', '/v1/webhooks/we_nope/test'), 404, 'resource_not_found');
  });

  it('POST …/deliveries/:delivery_id/retry → one more attempt with the same X-KeyBS-Delivery', async () => {
    const h = await hub();
    const rx = await receiver();
    const e = await register(h, `${rx.url}/hook`);
    const ping = await h.request('POST', `/v1/webhooks/${e.id}/test`);
    await deliveryWhere(h, e.id, (ds) => ds.find((x) => x.id === ping.json.id && x.status === 'succeeded'));
    const r = await h.request('POST', `/v1/webhooks/${e.id}/deliveries/${ping.json.id}/retry`);
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ id: ping.json.id, status: 'pending', attempt_count: 1 });
    await rx.waitFor((rs) => rs.length === 2);
    expect(rx.requests.map((x) => headerOf(x, 'x-keybs-delivery'))).toEqual([ping.json.event_id, ping.json.event_id]);
    const d = await deliveryWhere(h, e.id, (ds) =>
      ds.find((x) => x.id === ping.json.id && x.status === 'succeeded' && x.attempt_count === 2),
    );
    expect(d.attempts.map((a: any) => [a.attempt, a.status_code])).toEqual([
      [1, 200],
      [2, 200],
    ]);
    expect(await deliveries(h, e.id)).toHaveLength(1);
    expectError(await h.request('POST', `/v1/webhooks/${e.id}/deliveries/del_nope/retry`), 404, 'resource_not_found');
  });

  it('POST /v1/webhooks/:id/replay {since} re-sends past events with their event ids (count matches)', async () => {
    const h = await hub();
    const rx = await receiver();
    const e = await register(h, `${rx.url}/hook`);
    const since = new Date(Date.now() - 1_000).toISOString();
    const ids = [await order(h), await order(h)];
    for (const id of ids) await completed(h, id);
    const original = await deliveryWhere(h, e.id, (ds) =>
      ds.filter((x) => x.event_type === 'verification.completed').length === 2 &&
      ds.every((x) => x.status === 'succeeded')
        ? ds
        : undefined,
    );
    const eventIds = original.map((x) => x.event_id).sort();
    expect(rx.requests.map((r) => headerOf(r, 'x-keybs-delivery')).sort()).toEqual(eventIds);

    const r = await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since } });
    expect(r.status, r.text).toBe(202);
    expect(r.json).toMatchObject({ object: 'webhook_replay', endpoint_id: e.id, deliveries: eventIds.length });
    const replayed = await rx.waitFor((rs) =>
      rs.length >= 2 * eventIds.length ? rs.slice(eventIds.length) : undefined,
    );
    expect(replayed.map((x) => headerOf(x, 'x-keybs-delivery')).sort()).toEqual(eventIds);
    for (const x of replayed) {
      expect(headerOf(x, 'x-keybs-signature')).toBe(
        keybsSignature(e.secret, headerOf(x, 'x-keybs-timestamp')!, x.body),
      );
    }
    expect(await deliveries(h, e.id)).toHaveLength(2 * eventIds.length);
    const none = await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since: new Date().toISOString() } });
    expect(none.status).toBe(202);
    expect(none.json.deliveries).toBe(0);
  });

  it('replay refuses a since older than 14 days, in the future or not a timestamp (422, param since)', async () => {
    const h = await hub();
    const e = await register(h, `http://127.0.0.1:${await Receiver.closedPort()}/hook`);
    const old = new Date(Date.now() - 15 * 86_400_000).toISOString();
    expectError(
      await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since: old } }),
      422,
      'validation_failed',
      undefined,
      'since',
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectError(
      await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since: future } }),
      422,
      'validation_failed',
      undefined,
      'since',
    );
    expectError(
      await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since: 'yesterday' } }),
      422,
      'validation_failed',
      undefined,
      'since',
    );
    const inWindow = new Date(Date.now() - 13 * 86_400_000).toISOString();
    const ok = await h.request('POST', `/v1/webhooks/${e.id}/replay`, { body: { since: inWindow } });
    expect(ok.status, ok.text).toBe(202);
    expect(ok.json.deliveries).toBe(0);
    expectError(
      await h.request('POST', '/v1/webhooks/we_nope/replay', { body: { since: inWindow } }),
      404,
      'resource_not_found',
    );
  });
});

describe('rotating the secret', () => {
  it('returns a new secret; later deliveries carry two signatures, one per secret, and both verify', async () => {
    const h = await hub();
    const rx = await receiver();
    const e = await register(h, `${rx.url}/hook`);
    await h.request('POST', `/v1/webhooks/${e.id}/test`);
    const before = await rx.waitFor((rs) => rs[0]);
    expect(headerOf(before, 'x-keybs-signature')!.split(',')).toHaveLength(1);

    const r = await h.request('POST', `/v1/webhooks/${e.id}/rotate-secret`);
    expect(r.status).toBe(200);
    const next: string = r.json.secret;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(e.secret);
    const expires = Date.parse(r.json.previous_secret_expires_at);
    expect(Math.abs(expires - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    const got = await h.request('GET', `/v1/webhooks/${e.id}`);
    expect(got.json).not.toHaveProperty('secret');
    expect(got.json.previous_secret_expires_at).toBe(r.json.previous_secret_expires_at);

    await h.request('POST', `/v1/webhooks/${e.id}/test`);
    const after = await rx.waitFor((rs) => rs[1]);
    const ts = headerOf(after, 'x-keybs-timestamp')!;
    const keybs = headerOf(after, 'x-keybs-signature')!.split(',');
    expect(keybs).toHaveLength(2);
    expect(keybs.every((s) => s.startsWith('sha256='))).toBe(true);
    expect(new Set(keybs)).toEqual(
      new Set([keybsSignature(next, ts, after.body), keybsSignature(e.secret, ts, after.body)]),
    );
    const standard = headerOf(after, 'webhook-signature')!.split(' ');
    expect(standard).toHaveLength(2);
    expect(standard.every((s) => s.startsWith('v1,'))).toBe(true);

    for (const secret of [next, e.secret]) {
      expect(new Webhook(secret).verify(after.body, standardHeaders(after))).toMatchObject({ type: 'webhook.test' });
      expect(verifyWebhook({ body: after.body, headers: after.headers, secret })).toMatchObject({
        type: 'webhook.test',
      });
    }
    const stranger = (await register(h, `${rx.url}/other`, ['decision_issued'])).secret;
    expect(() => new Webhook(stranger).verify(after.body, standardHeaders(after))).toThrow();
  });
});
