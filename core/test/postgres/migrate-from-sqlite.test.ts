import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ANALYST, ConsoleClient } from '../../../test/console/helpers.js';
import { importListFiles } from '../../src/sanctions/index.js';
import { type MigrationResult, migrateFromSqlite } from '../../src/store/migrate-from-sqlite/copy.js';
import { BASIC_GB, eventually, ORDER, type Reply } from '../helpers/hub.js';
import { headerOf, jsonOf, type ReceivedRequest, Receiver } from '../helpers/receiver.js';
import { probe } from '../plugins/fixtures/make.js';
import { configFile, fixture } from '../plugins/plugin-hub.js';
import { type HubOn, hubOn } from './hub-on.js';
import { rowCounts } from './row-counts.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from './test-database.js';

const UN_LIST = fileURLToPath(new URL('../../../../shared/data/sanctions/un/consolidated.xml', import.meta.url));
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
);
const DEAD_LETTER_REF = 'crm-rejects-this-one';

/** Everything a user of the SQLite hub could read through the API, to compare with the PostgreSQL hub. */
interface Served {
  list: unknown;
  verifications: Map<string, unknown>;
  reviews: unknown;
  webhooks: unknown;
  deliveries: unknown;
  documents: unknown;
  documentContent: Buffer;
  reportJson: string;
  reportPdf: Buffer;
  jwks: unknown;
  sanctionsLists: unknown;
  sanctionsSearch: unknown;
  plugin: Record<string, unknown>;
}

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const standardHeaders = (r: ReceivedRequest) => ({
  'webhook-id': headerOf(r, 'webhook-id') ?? '',
  'webhook-timestamp': headerOf(r, 'webhook-timestamp') ?? '',
  'webhook-signature': headerOf(r, 'webhook-signature') ?? '',
});

describe.skipIf(!TEST_DATABASE_URL)('keybs migrate --from-sqlite: a SQLite hub moved to PostgreSQL', () => {
  let dataDir: string;
  let config: string;
  let receiver: Receiver;
  let database: TestDatabase;
  let sqliteHub: HubOn | undefined;
  let pgHub: HubOn;
  let testKey: string;
  let liveKey: string;
  let revokedKey: string;
  let webhookSecret: string;
  let webhookId: string;
  const ids: Record<'auto' | 'decided' | 'inReview' | 'cancelled' | 'deadLetter' | 'idempotent', string> = {
    auto: '',
    decided: '',
    inReview: '',
    cancelled: '',
    deadLetter: '',
    idempotent: '',
  };
  let documentId: string;
  let idempotentReply: Reply;
  let consoleCookies: Map<string, string>;
  let before: Served;
  let result: MigrationResult;

  const on =
    (hub: HubOn) =>
    (method: string, path: string, body?: unknown, key = testKey) =>
      hub.request(method, path, { key, body });

  async function order(hub: HubOn, body: Record<string, unknown>): Promise<string> {
    const r = await on(hub)('POST', '/v1/verifications', body);
    expect(r.status, r.text).toBe(201);
    return r.json.verification_id;
  }

  const statusOf = async (hub: HubOn, id: string) => (await on(hub)('GET', `/v1/verifications/${id}`)).json;
  const settled = (hub: HubOn, id: string, done: (v: any) => boolean) =>
    eventually(async () => {
      const v = await statusOf(hub, id);
      return done(v) ? v : undefined;
    }, 15_000);

  async function upload(hub: HubOn, verificationId: string): Promise<Reply> {
    const form = new FormData();
    form.set('type', 'certificate_of_incorporation');
    form.set('file', new Blob([PDF], { type: 'application/pdf' }), 'certificate.pdf');
    const res = await fetch(`${hub.url}/v1/verifications/${verificationId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testKey}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
  }

  const pluginStatus = async (hub: HubOn) =>
    ((await on(hub)('GET', '/v1/plugins')).json.data as { name: string }[]).find((p) => p.name === 'recorder') as any;

  /** What the API serves, read the same way from either hub. */
  async function served(hub: HubOn): Promise<Served> {
    /** A GET that must answer 200: the comparison is of what a user is served, never of two error bodies. */
    const get = async (method: string, path: string) => {
      const r = await on(hub)(method, path);
      expect(r.status, `${path}: ${r.text}`).toBe(200);
      return r;
    };
    const verifications = new Map<string, unknown>();
    for (const id of Object.values(ids)) verifications.set(id, (await get('GET', `/v1/verifications/${id}`)).json);
    const report = `${hub.url}/v1/verifications/${ids.decided}/report`;
    const auth = { authorization: `Bearer ${testKey}` };
    const status = await pluginStatus(hub);
    return {
      list: (await get('GET', '/v1/verifications?limit=100')).json,
      verifications,
      reviews: (await get('GET', '/v1/reviews?limit=100')).json,
      webhooks: (await get('GET', '/v1/webhooks')).json,
      deliveries: (await get('GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`)).json,
      documents: (await get('GET', `/v1/verifications/${ids.inReview}/documents`)).json,
      documentContent: await bytes(
        await fetch(`${hub.url}/v1/verifications/${ids.inReview}/documents/${documentId}/content`, { headers: auth }),
      ),
      reportJson: await (await fetch(report, { headers: auth })).text(),
      reportPdf: await bytes(await fetch(`${report}?format=pdf`, { headers: auth })),
      jwks: await (await fetch(`${hub.url}/.well-known/jwks.json`)).json(),
      sanctionsLists: (await get('GET', '/v1/sanctions/lists')).json,
      sanctionsSearch: (await get('GET', '/v1/sanctions/search?q=Al%20Qaida&limit=3')).json,
      plugin: {
        cursor: status.cursor,
        head: status.head,
        delivered: status.delivered,
        dead_letters: status.dead_letters,
        recent_dead_letters: status.recent_dead_letters,
      },
    };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keybs-migrate-'));
    config = configFile([{ package: fixture('recorder'), retrySchedule: [] }, { package: fixture('with-routes') }]);
    probe('recorder').behaviour = async (event) => {
      if ((event.payload as { external_ref?: string }).external_ref === DEAD_LETTER_REF) {
        throw new Error('CRM answered 422');
      }
    };
    receiver = await Receiver.start();
    const made = await testDatabase(`migrate-${Math.random()}`);
    if (!made) throw new Error('no test database');
    database = made;

    const hub = await hubOn(dataDir, { KEYBS_CONFIG: config });
    sqliteHub = hub;
    const keys = hub.hub.services.keys;
    testKey = (await keys.create({ env: 'test', name: 'erp' })).secret;
    liveKey = (await keys.create({ env: 'live', name: 'live erp' })).secret;
    const doomed = await keys.create({ env: 'test', name: 'doomed' });
    await keys.revoke(doomed.key.id);
    revokedKey = doomed.secret;
    // Users as `keybs users create` makes them; the analyst is handed every new review.
    await hub.hub.services.users.create({ ...ADMIN, role: 'admin' });
    await hub.hub.services.users.create({ ...ANALYST, role: 'analyst' });
    const browser = new ConsoleClient(hub.url);
    expect((await browser.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);
    consoleCookies = browser.cookies;
    await importListFiles(hub.hub.services.store.sanctions, 'un-xml', [UN_LIST]);
    await hub.hub.services.sanctions.reloadIfChanged();

    const hook = await on(hub)('POST', '/v1/webhooks', {
      url: `${receiver.url}/hook`,
      events: ['status_changed', 'decision_issued'],
    });
    expect(hook.status, hook.text).toBe(201);
    webhookId = hook.json.id;
    webhookSecret = hook.json.secret;

    // A plugin's own records (with-routes keeps each word it was sent).
    expect((await on(hub)('POST', '/v1/echo', { word: 'procurement' })).status).toBe(200);

    ids.auto = await order(hub, { ...BASIC_GB, supplier: 'Auto Complete Ltd' });
    ids.deadLetter = await order(hub, { ...BASIC_GB, supplier: 'Dead Letter Ltd', external_ref: DEAD_LETTER_REF });
    ids.decided = await order(hub, ORDER);
    ids.inReview = await order(hub, ORDER);
    ids.cancelled = await order(hub, ORDER);
    idempotentReply = await hub.request('POST', '/v1/verifications', {
      key: testKey,
      body: { ...BASIC_GB, supplier: 'Retried Ltd' },
      headers: { 'idempotency-key': 'erp-order-42' },
    });
    expect(idempotentReply.status, idempotentReply.text).toBe(201);
    ids.idempotent = idempotentReply.json.verification_id;

    for (const id of [ids.decided, ids.inReview, ids.cancelled]) {
      await settled(hub, id, (v) => v.status === 'in_review' && v.assigned_reviewer === ANALYST.name);
    }
    const decide = await on(hub)('POST', `/v1/reviews/${ids.decided}/decide`, {
      analyst: ANALYST.name,
      recommendation: 'enhanced_due_diligence',
      notes: 'Ownership chain unclear.',
    });
    expect(decide.status, decide.text).toBe(200);
    expect((await on(hub)('POST', `/v1/verifications/${ids.cancelled}/cancel`)).status).toBe(200);
    const doc = await upload(hub, ids.inReview);
    expect(doc.status, doc.text).toBe(201);
    documentId = doc.json.id;
    for (const id of [ids.auto, ids.deadLetter, ids.idempotent])
      await settled(hub, id, (v) => v.status === 'completed');

    // Settled: every delivery made, the plugin caught up (two events dead-lettered), the reports issued.
    await eventually(async () => {
      const deliveries = (await on(hub)('GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`)).json.data;
      return deliveries.length > 0 && deliveries.every((d: { status: string }) => d.status === 'succeeded')
        ? true
        : undefined;
    }, 15_000);
    await eventually(async () => {
      const s = await pluginStatus(hub);
      return s.cursor === s.head && s.pending === 0 && s.dead_letters > 0 ? true : undefined;
    }, 15_000);
    before = await served(hub);
    expect(before.reportPdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(before.documentContent.toString()).toBe(PDF.toString());
    expect((before.sanctionsSearch as { data: unknown[] }).data.length).toBeGreaterThan(0);

    result = await migrateFromSqlite({
      sourceFile: join(dataDir, 'keybs.db'),
      documentsDir: join(dataDir, 'documents'),
      targetUrl: database.url,
    });
    await hub.close();
    sqliteHub = undefined;
    pgHub = await hubOn(dataDir, { KEYBS_CONFIG: config, KEYBS_DATABASE_URL: database.url });
  }, 120_000);

  afterAll(async () => {
    await sqliteHub?.close();
    await pgHub?.close();
    await receiver?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every table, with the same row count on both sides, and the document files, and commits', async () => {
    expect(result.committed).toBe(true);
    const tables = result.tables.map((t) => t.table);
    expect([...tables].sort()).toEqual(Object.keys(await rowCounts(database.url)).sort());
    expect(tables).toContain('document_contents');
    for (const t of result.tables) expect(t.target, t.table).toBe(t.source);
    // The data filled in above reached every part of the schema but the bulk registry.
    expect(result.tables.filter((t) => t.source === 0).map((t) => t.table)).toEqual([
      'registry_companies',
      'registry_sources',
    ]);
    expect(result.tables.find((t) => t.table === 'document_contents')?.source).toBe(1);
    expect(result.documentFiles).toEqual({ copied: 1, missing: 0, missingIds: [] });
  });

  it('serves the same verifications, reviews, webhooks, deliveries, documents, reports and sanctions lists', async () => {
    const after = await served(pgHub);
    expect(after.list).toEqual(before.list);
    expect(after.verifications).toEqual(before.verifications);
    expect(after.reviews).toEqual(before.reviews);
    expect(after.webhooks).toEqual(before.webhooks);
    expect(after.deliveries).toEqual(before.deliveries);
    expect(after.documents).toEqual(before.documents);
    expect(after.documentContent.toString()).toBe(PDF.toString());
    expect(after.reportJson).toBe(before.reportJson);
    expect(after.reportPdf.toString('base64')).toBe(before.reportPdf.toString('base64'));
    expect(after.jwks).toEqual(before.jwks);
    expect(after.sanctionsLists).toEqual(before.sanctionsLists);
    expect(after.sanctionsSearch).toEqual(before.sanctionsSearch);
    expect(after.plugin).toEqual(before.plugin);
    const states = [...after.verifications.values()].map((v: any) => v.status).sort();
    expect(states).toEqual(['cancelled', 'completed', 'completed', 'completed', 'completed', 'in_review']);
  });

  it('the old API keys still authenticate, and a revoked one is still refused', async () => {
    expect((await on(pgHub)('GET', '/v1/verifications', undefined, testKey)).status).toBe(200);
    const live = await on(pgHub)('GET', '/v1/verifications', undefined, liveKey);
    expect(live.status, live.text).toBe(200);
    expect(live.json.data).toEqual([]);
    const revoked = await on(pgHub)('GET', '/v1/verifications', undefined, revokedKey);
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe('api_key_revoked');
  });

  it('a retried request with the same Idempotency-Key gets the stored answer, creating nothing', async () => {
    const again = await pgHub.request('POST', '/v1/verifications', {
      key: testKey,
      body: { ...BASIC_GB, supplier: 'Retried Ltd' },
      headers: { 'idempotency-key': 'erp-order-42' },
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(idempotentReply.text);
  });

  it('the console session and the users carry over: still signed in, and the analyst can sign in', async () => {
    const browser = new ConsoleClient(pgHub.url);
    for (const [name, value] of consoleCookies) browser.cookies.set(name, value);
    const home = await browser.get('/console');
    expect(home.status).toBe(303);
    expect(home.location).toMatch(/^\/console\/test/);
    const analyst = new ConsoleClient(pgHub.url);
    const signIn = await analyst.signIn(ANALYST.email, ANALYST.password);
    expect(signIn.status).toBe(303);
    expect(signIn.location).not.toMatch(/sign-in/);
  });

  it('new orders get the next id and new sequence numbers, and flow to webhooks, plugins and reviews', async () => {
    const maxSeqBefore = Math.max(
      ...(await Promise.all(Object.values(ids).map((id) => pgHub.hub.services.store.events.forVerification(id))))
        .flat()
        .map((e) => e.seq),
    );
    const seenBefore = probe('recorder').seen.length;
    const id = await order(pgHub, { ...BASIC_GB, supplier: 'After The Move Ltd' });
    const numbers = Object.values(ids).map((v) => Number(v.slice(-6)));
    expect(Number(id.slice(-6))).toBe(Math.max(...numbers) + 1);
    await settled(pgHub, id, (v) => v.status === 'completed');
    const events = await pgHub.hub.services.store.events.forVerification(id);
    expect(events.length).toBeGreaterThan(0);
    expect(Math.min(...events.map((e) => e.seq))).toBe(maxSeqBefore + 1);

    // Delivered with the endpoint's signing secret from before the move (it was sealed under the same key).
    const delivery = await receiver.waitFor(
      (rs) =>
        rs.find((r) => headerOf(r, 'x-keybs-event') === 'verification.completed' && jsonOf(r).verification_id === id),
      10_000,
    );
    expect(new Webhook(webhookSecret).verify(delivery.body, standardHeaders(delivery))).toMatchObject({
      verification_id: id,
    });
    // The plugin resumes at its cursor: the new events only, none of the old ones again.
    const handed = await eventually(async () => {
      const seen = probe('recorder').seen.slice(seenBefore);
      return seen.length >= events.length ? seen : undefined;
    });
    expect(handed.map((e) => e.id)).toEqual(events.map((e) => e.id));

    // Rows in tables with their own sequences: an endpoint, a document, a review audit entry, a user.
    const hook = await on(pgHub)('POST', '/v1/webhooks', { url: `${receiver.url}/second`, events: ['status_changed'] });
    expect(hook.status, hook.text).toBe(201);
    const list = await on(pgHub)('GET', '/v1/webhooks');
    expect(list.json.data.map((e: { id: string }) => e.id)).toEqual([hook.json.id, webhookId]);
    expect((await upload(pgHub, ids.inReview)).status).toBe(201);
    const release = await on(pgHub)('POST', `/v1/reviews/${ids.inReview}/release`, { analyst: ANALYST.name });
    expect(release.status, release.text).toBe(200);
    expect(release.json.history.at(-1)).toMatchObject({ action: 'released', actor: ANALYST.name });
    const user = { email: 'new@example.com', name: 'New Analyst', role: 'analyst', password: 'a new passphrase 2026' };
    await pgHub.hub.services.users.create(user as const);
    expect((await pgHub.hub.services.store.users.list()).map((u) => u.name)).toContain('New Analyst');
  });
});
