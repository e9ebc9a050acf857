import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../core/test/postgres/test-database.js';
import { CLIENT_ID, CLIENT_SECRET, FakeSalesforce } from '../fakes/salesforce.js';
import {
  api,
  pollUntil,
  removeDir,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

/**
 * The Salesforce plugin inside the built `keybs serve` (plugins in their worker thread), enabled from a config
 * file and pointed at the Salesforce fake: what an operator sees on the Accounts and in `GET /v1/plugins`.
 */

const PLUGIN = '@keybs/connector-salesforce';
const ENV = { KEYBS_RATE_LIMIT_PER_SECOND: '0', KEYBS_LOG_LEVEL: 'warn' };
const SYNCED_WITHIN_MS = 15_000;

interface Decision {
  verification_id: string;
  recommendation: string;
  trust_score: number;
  risk_band: string;
  report_url: string;
  signed_at: string;
}

interface PluginView {
  name: string;
  state: string;
  health: { status: string; detail: string | null } | null;
  cursor: number;
  head: number;
  lag: number;
  pending: number;
  retrying: number;
  delivered: number;
  dead_letters: number;
  last_error: string | null;
  recent_dead_letters: {
    event_id: string;
    event_type: string;
    verification_id: string | null;
    attempts: number;
    error: string;
  }[];
}

interface Order {
  supplier: string;
  account: string;
}

/** An 18-character Account Id (`001…AAA`), distinct per `tag` and `n`. */
const accountId = (tag: string, n: number) => `001${tag}${String(n).padStart(12 - tag.length, '0')}AAA`;

/** Suppliers decided automatically in test mode; every fifth is dissolved, so its decision is a reject. */
function orders(tag: string, from: number, count: number): Order[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const supplier = n % 5 === 4 ? `Dissolved Serve ${tag} ${n} Ltd` : `Plugin Serve ${tag} ${n} Ltd`;
    return { supplier, account: accountId(tag, n) };
  });
}

/** What the plugin writes on an Account for a decision (connectors/salesforce README). */
function accountFields(d: Decision) {
  return {
    Verified_by_KeyBS__c: d.recommendation === 'proceed' || d.recommendation === 'proceed_with_controls',
    KeyBS_Trust_Score__c: d.trust_score,
    KeyBS_Risk_Band__c: d.risk_band,
    KeyBS_Recommendation__c: d.recommendation,
    KeyBS_Verification_Id__c: d.verification_id,
    KeyBS_Report_URL__c: d.report_url,
    KeyBS_Verified_At__c: d.signed_at,
  };
}

/** A config file enabling the plugin against the fake (client credentials, test mode only). */
function writeConfig(dir: string, sf: FakeSalesforce, retrySchedule: number[]): string {
  const file = join(dir, 'keybs.json');
  const entry = {
    package: PLUGIN,
    config: {
      instanceUrl: sf.url,
      apiVersion: '62.0',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      environments: ['test'],
      batchSize: 200,
      requestTimeoutMs: 2_000,
    },
    retrySchedule,
    timeoutSeconds: 3,
    concurrency: 4,
  };
  writeFileSync(file, JSON.stringify({ plugins: [entry] }, null, 2));
  return file;
}

const serve = (dataDir: string, config: string) =>
  startHub(dataDir, { args: ['--port', '0', '--data-dir', dataDir, '--config', config], env: ENV });

async function pluginView(hub: SpawnedHub, key: string): Promise<PluginView> {
  const res = await api(hub.url, key, 'GET', '/v1/plugins');
  expect(res.status, res.text).toBe(200);
  const found = (res.json.data as PluginView[]).find((p) => p.name === PLUGIN);
  if (!found) throw new Error(`GET /v1/plugins does not list ${PLUGIN}: ${res.text}`);
  return found;
}

/** Polls `GET /v1/plugins` until `ready(view)`; the error shows the last view. */
async function pluginUntil(hub: SpawnedHub, key: string, ready: (p: PluginView) => boolean, what: string) {
  let last: PluginView | undefined;
  return pollUntil(
    async () => {
      last = await pluginView(hub, key);
      return ready(last) ? last : undefined;
    },
    { timeoutMs: SYNCED_WITHIN_MS, intervalMs: 150, describe: () => `${what}; last seen ${JSON.stringify(last)}` },
  );
}

/** Orders each supplier (test mode, GB basic) naming its Account in the metadata; six at a time. */
async function place(hub: SpawnedHub, key: string, list: Order[]): Promise<Map<string, Order>> {
  const byId = new Map<string, Order>();
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const order = list[next++] as Order;
      const res = await api(hub.url, key, 'POST', '/v1/verifications', {
        supplier: order.supplier,
        country_code: 'GB',
        registration_id: '09446231',
        package: 'basic',
        metadata: { salesforce_account_id: order.account },
      });
      expect(res.status, res.text).toBe(201);
      byId.set(res.json.verification_id, order);
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));
  return byId;
}

/** Waits for each verification's decision, finishing at once any that waits for an analyst. */
async function decisions(hub: SpawnedHub, key: string, ids: Iterable<string>): Promise<Map<string, Decision>> {
  const open = new Set(ids);
  const decided = new Map<string, Decision>();
  await pollUntil(
    async () => {
      for (const id of [...open]) {
        const v = await api(hub.url, key, 'GET', `/v1/verifications/${id}`);
        if (v.json?.status === 'in_review')
          await api(hub.url, key, 'POST', `/v1/test_helpers/verifications/${id}/advance`);
        if (!v.json?.decision) continue;
        decided.set(id, v.json.decision);
        open.delete(id);
      }
      return open.size === 0 ? true : undefined;
    },
    { timeoutMs: SYNCED_WITHIN_MS, intervalMs: 200, describe: () => `${open.size} verifications without a decision` },
  );
  return decided;
}

/** Expects each Account to hold exactly its own decision's fields, and nothing else of KeyBS. */
function expectAccounts(sf: FakeSalesforce, placed: Map<string, Order>, decided: Map<string, Decision>) {
  for (const [id, order] of placed) {
    const decision = decided.get(id) as Decision;
    expect(sf.accounts.get(order.account), `Account of ${id}`).toEqual({
      Id: order.account,
      Name: `Account ${order.account}`,
      ...accountFields(decision),
    });
  }
}

/** The Account ids of every record sent in sObject Collections calls, with how often each was sent. */
function recordsSent(sf: FakeSalesforce): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of sf.collectionCalls()) {
    for (const r of JSON.parse(call.body).records as { id: string }[]) sent.set(r.id, (sent.get(r.id) ?? 0) + 1);
  }
  return sent;
}

describe('keybs serve --config: the Salesforce plugin in the plugin thread', () => {
  let sf: FakeSalesforce | undefined;
  const dirs: string[] = [];

  afterEach(async () => {
    await stopAllHubs();
    await sf?.close();
    sf = undefined;
    for (const dir of dirs.splice(0)) {
      await (await testDatabase(dir))?.drop();
      removeDir(dir);
    }
  });

  /** A fake org with the Accounts of `list`, a data dir and a config file for it. */
  async function setUp(label: string, list: Order[], retrySchedule: number[]) {
    const fake = await FakeSalesforce.start();
    sf = fake;
    fake.seed(...list.map((o) => o.account));
    const dataDir = tempDataDir(label);
    dirs.push(dataDir);
    return { sf: fake, dataDir, config: writeConfig(dataDir, fake, retrySchedule) };
  }

  it('syncs 30 decisions to their Accounts in sObject Collections batches; GET /v1/plugins shows it caught up', async () => {
    const N = 30;
    const list = orders('A', 0, N);
    const { sf, dataDir, config } = await setUp('keybs-plugins-serve', list, [1, 1, 1]);
    const hub = await serve(dataDir, config);
    const key = hub.key as string;
    expect(key).toMatch(/^sk_test_/);

    const placed = await place(hub, key, list);
    const decided = await decisions(hub, key, placed.keys());
    expect(new Set([...decided.values()].map((d) => d.recommendation))).toContain('reject');

    const view = await pluginUntil(hub, key, (p) => p.delivered === N && p.lag === 0, `${N} delivered, lag 0`);
    expect(view).toMatchObject({
      state: 'running',
      health: { status: 'ok' },
      lag: 0,
      pending: 0,
      retrying: 0,
      delivered: N,
      dead_letters: 0,
      last_error: null,
      recent_dead_letters: [],
    });
    expect(view.cursor).toBe(view.head);
    expectAccounts(sf, placed, decided);

    // Every write went through sObject Collections (allOrNone false, ≤ 200 records), each Account once.
    const calls = sf.collectionCalls();
    for (const call of calls) {
      expect(call.path).toBe('/services/data/v62.0/composite/sobjects');
      const body = JSON.parse(call.body) as { allOrNone: boolean; records: { attributes: { type: string } }[] };
      expect(body.allOrNone).toBe(false);
      expect(body.records.length).toBeLessThanOrEqual(200);
      for (const r of body.records) expect(r.attributes.type).toBe('Account');
    }
    expect(recordsSent(sf)).toEqual(new Map(list.map((o) => [o.account, 1])));
    const tokens = sf.calls.filter((c) => c.path === '/services/oauth2/token');
    for (const t of tokens) expect(new URLSearchParams(t.body).get('grant_type')).toBe('client_credentials');
    console.info(`plugins-serve: ${N} decisions synced in ${calls.length} sObject Collections calls`);
  });

  it('Salesforce down (503) across a SIGKILL and a restart: every decision lands once it is back, none dead-lettered', async () => {
    const HALF = 10;
    const list = orders('B', 0, 2 * HALF);
    // Enough quick retries to outlast the outage: a dead letter here would be a failure.
    const { sf, dataDir, config } = await setUp('keybs-plugins-serve-down', list, Array(45).fill(0.5));
    sf.down = true;
    let hub = await serve(dataDir, config);
    const key = hub.key as string;

    const placed = await place(hub, key, list.slice(0, HALF));
    const decided = await decisions(hub, key, placed.keys());
    const failing = await pluginUntil(
      hub,
      key,
      (p) => p.retrying === HALF && p.last_error !== null,
      `${HALF} decisions retrying`,
    );
    expect(failing).toMatchObject({
      state: 'degraded',
      health: { status: 'down' },
      pending: HALF,
      delivered: 0,
      dead_letters: 0,
      last_error: expect.stringMatching(/^SERVER_UNAVAILABLE: /),
    });
    expect(failing.lag).toBeGreaterThanOrEqual(HALF);
    expect(sf.collectionCalls().length).toBeGreaterThan(0);

    expect((await hub.stop('SIGKILL')).signal).toBe('SIGKILL');
    hub = await serve(dataDir, config);
    expect(hub.key, 'the keys persist: no new first key').toBeUndefined();

    // More decisions while Salesforce is still down, on the restarted hub.
    const more = await place(hub, key, list.slice(HALF));
    for (const [id, o] of more) placed.set(id, o);
    for (const [id, d] of await decisions(hub, key, more.keys())) decided.set(id, d);
    await pluginUntil(
      hub,
      key,
      (p) => p.pending === 2 * HALF && p.retrying === 2 * HALF,
      `all ${2 * HALF} decisions retrying after the restart`,
    );
    expect(sf.accounts.get(list[0]!.account)).toEqual({ Id: list[0]!.account, Name: `Account ${list[0]!.account}` });

    const callsWhileDown = sf.collectionCalls().length;
    sf.down = false;
    const view = await pluginUntil(
      hub,
      key,
      (p) => p.delivered === 2 * HALF && p.lag === 0,
      `${2 * HALF} delivered after Salesforce came back`,
    );
    expect(view).toMatchObject({ pending: 0, retrying: 0, dead_letters: 0, recent_dead_letters: [] });
    expect(view.cursor).toBe(view.head);
    expectAccounts(sf, placed, decided);
    expect(sf.accounts.size).toBe(2 * HALF);

    // Once Salesforce answered again, each Account was written once (no event handed over twice).
    const after = new Map<string, number>();
    for (const call of sf.collectionCalls().slice(callsWhileDown)) {
      for (const r of JSON.parse(call.body).records as { id: string }[]) after.set(r.id, (after.get(r.id) ?? 0) + 1);
    }
    expect(after).toEqual(new Map(list.map((o) => [o.account, 1])));
    console.info(
      `plugins-serve: ${callsWhileDown} calls refused while down; ${2 * HALF} synced in ` +
        `${sf.collectionCalls().length - callsWhileDown} calls after`,
    );
  });

  it('dead-letters a missing or deleted Account with Salesforce’s reason, and later decisions still sync', async () => {
    const good = orders('C', 0, 4);
    const missing: Order = { supplier: 'Plugin Serve Missing Account Ltd', account: accountId('CM', 1) };
    const gone: Order = { supplier: 'Plugin Serve Deleted Account Ltd', account: accountId('CD', 1) };
    const later = orders('C', 10, 5);
    const { sf, dataDir, config } = await setUp('keybs-plugins-serve-dead', [...good, gone, ...later], [0.5, 0.5]);
    sf.deleted.add(gone.account);
    const hub = await serve(dataDir, config);
    const key = hub.key as string;

    const placed = await place(hub, key, [...good, missing, gone]);
    const decided = await decisions(hub, key, placed.keys());
    const idOf = (o: Order) => [...placed].find(([, p]) => p === o)?.[0] as string;

    const view = await pluginUntil(
      hub,
      key,
      (p) => p.delivered === good.length && p.dead_letters === 2 && p.lag === 0,
      'the good decisions delivered and two dead letters',
    );
    expect(view).toMatchObject({ state: 'degraded', pending: 0, retrying: 0 });
    const dead = [...view.recent_dead_letters].sort((a, b) => a.error.localeCompare(b.error));
    expect(dead).toEqual([
      {
        event_id: expect.stringMatching(/^evt_/),
        event_type: 'verification.completed',
        verification_id: idOf(gone),
        attempts: 1,
        error: `ENTITY_IS_DELETED: entity is deleted (Account ${gone.account})`,
        failed_at: expect.any(String),
      },
      {
        event_id: expect.stringMatching(/^evt_/),
        event_type: 'verification.completed',
        verification_id: idOf(missing),
        attempts: 1,
        error: `INVALID_CROSS_REFERENCE_KEY: invalid cross reference id (Account ${missing.account})`,
        failed_at: expect.any(String),
      },
    ]);
    expect(view.last_error).toMatch(/^(ENTITY_IS_DELETED|INVALID_CROSS_REFERENCE_KEY): /);
    expect(sf.accounts.has(missing.account)).toBe(false);
    expect(sf.accounts.get(gone.account)).toEqual({ Id: gone.account, Name: `Account ${gone.account}` });

    // The cursor moved past the dead letters: decisions made afterwards sync as usual.
    const next = await place(hub, key, later);
    for (const [id, d] of await decisions(hub, key, next.keys())) decided.set(id, d);
    const caughtUp = await pluginUntil(
      hub,
      key,
      (p) => p.delivered === good.length + later.length && p.lag === 0,
      'the later decisions delivered',
    );
    expect(caughtUp).toMatchObject({ pending: 0, retrying: 0, dead_letters: 2 });
    expect(caughtUp.cursor).toBe(caughtUp.head);
    expect(caughtUp.cursor).toBeGreaterThan(view.cursor);
    for (const o of [missing, gone]) placed.delete(idOf(o));
    for (const [id, o] of next) placed.set(id, o);
    expectAccounts(sf, placed, decided);
  });
});
