import { WebhookEndpoint } from '@keybs/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectError, startTestHub, type TestHub } from '../helpers/hub.js';
import { headerOf, jsonOf, Receiver } from '../helpers/receiver.js';

const BASIC = { supplier: 'Acme Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' } as const;
/** A public address written as a literal, so live-mode registration needs no DNS. */
const PUBLIC_HTTPS = 'https://93.184.215.14/keybs-hook';

let t: TestHub;
/** Endpoints in the CRUD tests point here: a port nothing listens on, so stray deliveries fail fast. */
let deadUrl: string;

beforeAll(async () => {
  t = await startTestHub({ env: { KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05', KEYBS_WEBHOOK_TIMEOUT_MS: '300' } });
  deadUrl = `http://127.0.0.1:${await Receiver.closedPort()}`;
});
afterAll(() => t.close());

const create = (body: unknown, key?: string) => t.request('POST', '/v1/webhooks', { body, key });

describe('registering an endpoint', () => {
  it('answers 201 with a we_ id, a whsec_ secret and status enabled', async () => {
    const r = await create({ url: `${deadUrl}/a`, events: ['status_changed', 'decision_issued'], description: 'ERP' });
    expect(r.status).toBe(201);
    const e = WebhookEndpoint.parse(r.json);
    expect(e).toMatchObject({
      object: 'webhook_endpoint',
      url: `${deadUrl}/a`,
      events: ['status_changed', 'decision_issued'],
      description: 'ERP',
      status: 'enabled',
      disabled_reason: null,
      livemode: false,
      previous_secret_expires_at: null,
    });
    expect(e.id).toMatch(/^we_/);
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(e.secret!.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(Math.abs(Date.parse(e.created_at) - Date.now())).toBeLessThan(60_000);
  });

  it('GET and list never show the secret', async () => {
    const { json: created } = await create({ url: `${deadUrl}/b`, events: ['decision_issued'] });
    const secret: string = created.secret;
    const one = await t.request('GET', `/v1/webhooks/${created.id}`);
    expect(one.status).toBe(200);
    expect(one.json).not.toHaveProperty('secret');
    expect(one.text).not.toContain(secret.slice('whsec_'.length));
    expect(one.json).toMatchObject({ id: created.id, url: `${deadUrl}/b`, events: ['decision_issued'] });
    const list = await t.request('GET', '/v1/webhooks?limit=100');
    expect(list.status).toBe(200);
    expect(list.json.data.map((e: WebhookEndpoint) => e.id)).toContain(created.id);
    for (const e of list.json.data) expect(e).not.toHaveProperty('secret');
    expect(list.text).not.toContain(secret.slice('whsec_'.length));
  });

  it('lists newest first and pages with starting_after', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await create({ url: `${deadUrl}/page${n}`, events: ['status_changed'] })).json.id);
    const first = await t.request('GET', '/v1/webhooks?limit=2');
    expect(first.json.data.map((e: WebhookEndpoint) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.json.has_more).toBe(true);
    const next = await t.request('GET', `/v1/webhooks?limit=1&starting_after=${ids[1]}`);
    expect(next.json.data.map((e: WebhookEndpoint) => e.id)).toEqual([ids[0]]);
  });
});

describe('changing and deleting an endpoint', () => {
  it('PATCH changes url, events and description, and GET shows the change', async () => {
    const { json: e } = await create({ url: `${deadUrl}/old`, events: ['status_changed'], description: 'old' });
    const r = await t.request('PATCH', `/v1/webhooks/${e.id}`, {
      body: { url: `${deadUrl}/new`, events: ['decision_issued'], description: 'new' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: e.id, url: `${deadUrl}/new`, events: ['decision_issued'], description: 'new' });
    expect(r.json).not.toHaveProperty('secret');
    const got = await t.request('GET', `/v1/webhooks/${e.id}`);
    expect(got.json).toMatchObject({ url: `${deadUrl}/new`, events: ['decision_issued'], description: 'new' });
    const cleared = await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { description: null } });
    expect(cleared.json.description).toBeNull();
  });

  it('PATCH status disables (reason by_user) and re-enables', async () => {
    const { json: e } = await create({ url: `${deadUrl}/toggle`, events: ['status_changed'] });
    const off = await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { status: 'disabled' } });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ status: 'disabled', disabled_reason: 'by_user' });
    expect((await t.request('GET', `/v1/webhooks/${e.id}`)).json.status).toBe('disabled');
    const on = await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { status: 'enabled' } });
    expect(on.json).toMatchObject({ status: 'enabled', disabled_reason: null });
  });

  it('PATCH validates like create', async () => {
    const { json: e } = await create({ url: `${deadUrl}/p`, events: ['status_changed'] });
    expectError(
      await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { url: 'ftp://example.com/x' } }),
      422,
      'invalid_webhook_url',
      'invalid_request_error',
      'url',
    );
    const empty = await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { events: [] } });
    expectError(empty, 422, 'validation_failed');
    expect(empty.json.error.param).toMatch(/^events/);
    expect((await t.request('GET', `/v1/webhooks/${e.id}`)).json).toMatchObject({
      url: `${deadUrl}/p`,
      events: ['status_changed'],
    });
  });

  it('DELETE → 200 {deleted: true}, then GET, PATCH and DELETE are 404 and the list omits it', async () => {
    const { json: e } = await create({ url: `${deadUrl}/gone`, events: ['status_changed'] });
    const r = await t.request('DELETE', `/v1/webhooks/${e.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: e.id, object: 'webhook_endpoint', deleted: true });
    expectError(await t.request('GET', `/v1/webhooks/${e.id}`), 404, 'resource_not_found', 'not_found_error');
    expectError(
      await t.request('PATCH', `/v1/webhooks/${e.id}`, { body: { description: 'x' } }),
      404,
      'resource_not_found',
    );
    expectError(await t.request('DELETE', `/v1/webhooks/${e.id}`), 404, 'resource_not_found');
    const list = await t.request('GET', '/v1/webhooks?limit=100');
    expect(list.json.data.map((x: WebhookEndpoint) => x.id)).not.toContain(e.id);
  });

  it('an unknown id is 404', async () => {
    expectError(await t.request('GET', '/v1/webhooks/we_doesnotexist'), 404, 'resource_not_found');
  });
});

describe('environments and scopes', () => {
  it('a live key cannot see, change or delete a test endpoint (404), nor list it', async () => {
    const { json: e } = await create({ url: `${deadUrl}/iso`, events: ['status_changed'] });
    const live = t.liveKey;
    expectError(await t.request('GET', `/v1/webhooks/${e.id}`, { key: live }), 404, 'resource_not_found');
    expectError(
      await t.request('PATCH', `/v1/webhooks/${e.id}`, { key: live, body: { description: 'x' } }),
      404,
      'resource_not_found',
    );
    expectError(await t.request('DELETE', `/v1/webhooks/${e.id}`, { key: live }), 404, 'resource_not_found');
    expectError(
      await t.request('POST', `/v1/webhooks/${e.id}/rotate-secret`, { key: live }),
      404,
      'resource_not_found',
    );
    expectError(await t.request('GET', `/v1/webhooks/${e.id}/deliveries`, { key: live }), 404, 'resource_not_found');
    const list = await t.request('GET', '/v1/webhooks?limit=100', { key: live });
    expect(list.status).toBe(200);
    expect(list.json.data.map((x: WebhookEndpoint) => x.id)).not.toContain(e.id);
    expect((await t.request('GET', `/v1/webhooks/${e.id}`)).status).toBe(200);
  });

  it('every webhook route needs the webhooks:write scope (403 insufficient_scope)', async () => {
    const { json: e } = await create({ url: `${deadUrl}/scoped`, events: ['status_changed'] });
    const key = await t.key('test', ['verifications:read', 'verifications:write', 'reports:read', 'coverage:read']);
    const calls: [string, string, unknown?][] = [
      ['POST', '/v1/webhooks', { url: `${deadUrl}/x`, events: ['status_changed'] }],
      ['GET', '/v1/webhooks'],
      ['GET', `/v1/webhooks/${e.id}`],
      ['PATCH', `/v1/webhooks/${e.id}`, { description: 'x' }],
      ['DELETE', `/v1/webhooks/${e.id}`],
      ['POST', `/v1/webhooks/${e.id}/rotate-secret`],
      ['POST', `/v1/webhooks/${e.id}/test`],
      ['GET', `/v1/webhooks/${e.id}/deliveries`],
      ['POST', `/v1/webhooks/${e.id}/replay`, { since: new Date().toISOString() }],
    ];
    for (const [method, path, body] of calls) {
      const r = await t.request(method, path, { key, body });
      expectError(r, 403, 'insufficient_scope', 'permission_error');
    }
    // Nothing happened: the endpoint is unchanged and still there.
    expect((await t.request('GET', `/v1/webhooks/${e.id}`)).json).toMatchObject({
      status: 'enabled',
      description: null,
    });
    const only = await t.key('test', ['webhooks:write']);
    expect((await t.request('GET', `/v1/webhooks/${e.id}`, { key: only })).status).toBe(200);
  });
});

describe('validation (422)', () => {
  it.each([
    ['not absolute', '/hooks/keybs'],
    ['no scheme', 'example.com/hook'],
    ['ftp scheme', 'ftp://example.com/hook'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['credentials', 'https://user:pass@example.com/hook'],
    ['user only', 'https://user@example.com/hook'],
    ['a fragment', 'https://example.com/hook#x'],
  ])('url %s → invalid_webhook_url (param url)', async (_, url) => {
    expectError(await create({ url, events: ['status_changed'] }), 422, 'invalid_webhook_url', undefined, 'url');
  });

  it('a url longer than 2048 characters → invalid_webhook_url (param url)', async () => {
    const url = `https://example.com/${'a'.repeat(2048)}`;
    expectError(await create({ url, events: ['status_changed'] }), 422, 'invalid_webhook_url', undefined, 'url');
  });

  it('a url of exactly 2048 characters is accepted', async () => {
    const base = `${deadUrl}/`;
    const r = await create({ url: base + 'a'.repeat(2048 - base.length), events: ['status_changed'] });
    expect(r.status).toBe(201);
    await t.request('DELETE', `/v1/webhooks/${r.json.id}`);
  });

  it.each([
    ['an unknown event', ['status_changed', 'verification.completed']],
    ['an empty list', []],
    ['a repeated event', ['decision_issued', 'decision_issued']],
    ['not a list', 'status_changed'],
  ])('events: %s → validation_failed with param events…', async (_, events) => {
    const r = await create({ url: `${deadUrl}/v`, events });
    expectError(r, 422, 'validation_failed', 'invalid_request_error');
    expect(r.json.error.param).toMatch(/^events/);
  });

  it('missing url, unknown field → validation_failed naming the field', async () => {
    expectError(await create({ events: ['status_changed'] }), 422, 'validation_failed', undefined, 'url');
    expectError(
      await create({ url: `${deadUrl}/v`, events: ['status_changed'], secret: 'whsec_mine' }),
      422,
      'validation_failed',
      undefined,
      'secret',
    );
  });

  it('nothing is created by a refused request', async () => {
    const before = (await t.request('GET', '/v1/webhooks?limit=100')).json.data.length;
    await create({ url: 'ftp://example.com/hook', events: ['status_changed'] });
    await create({ url: `${deadUrl}/v`, events: [] });
    expect((await t.request('GET', '/v1/webhooks?limit=100')).json.data.length).toBe(before);
  });
});

describe('live mode refuses private targets (SSRF)', () => {
  it.each([
    'https://127.0.0.1/x',
    'https://10.0.0.5/x',
    'https://192.168.1.10/x',
    'https://172.16.0.1/x',
    'https://localhost/x',
    'https://api.localhost/x',
    'https://169.254.169.254/latest',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://0.0.0.0/x',
  ])('%s → 422 webhook_url_forbidden', async (url) => {
    const r = await create({ url, events: ['decision_issued'] }, t.liveKey);
    expectError(r, 422, 'webhook_url_forbidden', 'invalid_request_error', 'url');
  });

  it('a loopback name containing "https" is still webhook_url_forbidden, not invalid_webhook_url', async () => {
    const r = await create({ url: 'https://https.localhost/x', events: ['decision_issued'] }, t.liveKey);
    expectError(r, 422, 'webhook_url_forbidden', undefined, 'url');
  });

  it('PATCH to a private URL in live mode is refused too', async () => {
    const { json: e } = await create({ url: PUBLIC_HTTPS, events: ['decision_issued'] }, t.liveKey);
    const r = await t.request('PATCH', `/v1/webhooks/${e.id}`, { key: t.liveKey, body: { url: 'https://10.0.0.5/x' } });
    expectError(r, 422, 'webhook_url_forbidden', undefined, 'url');
    await t.request('DELETE', `/v1/webhooks/${e.id}`, { key: t.liveKey });
  });

  it('http in live mode → invalid_webhook_url', async () => {
    const r = await create({ url: 'http://93.184.215.14/hook', events: ['decision_issued'] }, t.liveKey);
    expectError(r, 422, 'invalid_webhook_url', undefined, 'url');
  });

  it('a public https URL is accepted in live mode (livemode true)', async () => {
    const r = await create({ url: PUBLIC_HTTPS, events: ['decision_issued'] }, t.liveKey);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ livemode: true, url: PUBLIC_HTTPS, status: 'enabled' });
    await t.request('DELETE', `/v1/webhooks/${r.json.id}`, { key: t.liveKey });
  });

  it('test mode may point at loopback over http', async () => {
    const r = await create({ url: 'http://127.0.0.1:9/x', events: ['decision_issued'] });
    expect(r.status).toBe(201);
    await t.request('DELETE', `/v1/webhooks/${r.json.id}`);
  });

  it('with KEYBS_ALLOW_PRIVATE_WEBHOOKS=1 a live loopback http URL is accepted', async () => {
    const open = await startTestHub({ env: { KEYBS_ALLOW_PRIVATE_WEBHOOKS: '1' } });
    try {
      const r = await open.request('POST', '/v1/webhooks', {
        key: open.liveKey,
        body: { url: `${deadUrl}/live`, events: ['decision_issued'] },
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ livemode: true, url: `${deadUrl}/live` });
    } finally {
      await open.close();
    }
  });
});

describe('webhook_url on an order', () => {
  const order = (extra: Record<string, unknown>, key?: string) =>
    t.request('POST', '/v1/verifications', { body: { ...BASIC, ...extra }, key });
  const completed = (id: string) =>
    eventually(async () => {
      const r = await t.request('GET', `/v1/verifications/${id}`);
      return r.json.status === 'completed' ? r.json : undefined;
    });

  it("routes that verification's events only to the endpoint with that URL", async () => {
    const receiver = await Receiver.start();
    try {
      const both = ['status_changed', 'decision_issued'];
      const routed = (await create({ url: `${receiver.url}/routed`, events: both })).json;
      const other = (await create({ url: `${receiver.url}/other`, events: both })).json;
      const verificationOf = (path: string, id: string) =>
        receiver.requests.filter((r) => r.path === path && jsonOf(r).verification_id === id);

      const first = await order({ webhook_url: routed.url });
      expect(first.status).toBe(201);
      expect(first.json.webhook_url).toBe(routed.url);
      const v1 = first.json.verification_id;
      expect((await t.request('GET', `/v1/verifications/${v1}`)).json.webhook_url).toBe(routed.url);
      await completed(v1);
      await receiver.waitFor(() =>
        verificationOf('/routed', v1).some((r) => headerOf(r, 'x-keybs-event') === 'verification.completed'),
      );

      // Ordered after v1 completed: by the time its events reach /other, v1's were long fanned out.
      const second = await order({});
      expect(second.json.webhook_url).toBeNull();
      const v2 = second.json.verification_id;
      await completed(v2);
      await receiver.waitFor(
        () =>
          ['/routed', '/other'].every((p) =>
            verificationOf(p, v2).some((r) => headerOf(r, 'x-keybs-event') === 'verification.completed'),
          ),
        5_000,
      );

      expect(verificationOf('/other', v1)).toEqual([]);
      const v1Events = new Set(verificationOf('/routed', v1).map((r) => headerOf(r, 'x-keybs-delivery')));
      expect(v1Events.size).toBeGreaterThanOrEqual(2);
      const otherDeliveries = await t.request('GET', `/v1/webhooks/${other.id}/deliveries?limit=100`);
      expect(otherDeliveries.json.data.length).toBeGreaterThan(0);
      for (const d of otherDeliveries.json.data) expect(v1Events.has(d.event_id)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('a URL that is not registered → 422 webhook_url_not_registered', async () => {
    const r = await order({ webhook_url: `${deadUrl}/never-registered` });
    expectError(r, 422, 'webhook_url_not_registered', 'invalid_request_error', 'webhook_url');
  });

  it('a URL registered only in the other environment → 422 webhook_url_not_registered', async () => {
    const live = (await create({ url: PUBLIC_HTTPS, events: ['decision_issued'] }, t.liveKey)).json;
    try {
      expectError(
        await order({ webhook_url: PUBLIC_HTTPS }),
        422,
        'webhook_url_not_registered',
        undefined,
        'webhook_url',
      );
    } finally {
      await t.request('DELETE', `/v1/webhooks/${live.id}`, { key: t.liveKey });
    }
    const testOnly = (await create({ url: `${deadUrl}/test-only`, events: ['decision_issued'] })).json;
    const r = await order({ webhook_url: testOnly.url }, t.liveKey);
    expectError(r, 422, 'webhook_url_not_registered', undefined, 'webhook_url');
    await t.request('DELETE', `/v1/webhooks/${testOnly.id}`);
  });

  it('a disabled or deleted endpoint URL → 422 webhook_url_not_registered', async () => {
    const disabled = (await create({ url: `${deadUrl}/disabled`, events: ['decision_issued'] })).json;
    await t.request('PATCH', `/v1/webhooks/${disabled.id}`, { body: { status: 'disabled' } });
    expectError(
      await order({ webhook_url: disabled.url }),
      422,
      'webhook_url_not_registered',
      undefined,
      'webhook_url',
    );

    const deleted = (await create({ url: `${deadUrl}/deleted`, events: ['decision_issued'] })).json;
    await t.request('DELETE', `/v1/webhooks/${deleted.id}`);
    expectError(await order({ webhook_url: deleted.url }), 422, 'webhook_url_not_registered', undefined, 'webhook_url');
  });
});
