import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  pollUntil,
  removeDir,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const TOTAL = 300;
const CONCURRENCY = 20;
const KILL_AFTER_CREATED = 100;
/** Contract §3: basic test verifications that need no human complete on their own within 5 s. */
const COMPLETE_WITHIN_MS = 5_000;

/** This test is about durability, not rate limits: its bursts and checks would exceed the default per-key limit. */
const NO_RATE_LIMIT = { KEYBS_RATE_LIMIT_PER_SECOND: '0' };

describe('a hub killed (SIGKILL) in the middle of a burst of orders', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  let key: string;

  /** Every verification the hub answered 201 for before it died: it promised these exist. */
  const acknowledged: string[] = [];
  let inFlightAtKill = 0;
  let lostInFlight = 0;
  let otherStatuses: number[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-crash');
    hub = await startHub(dataDir, { env: NO_RATE_LIMIT });
    key = hub.key!;
    expect(key).toMatch(/^sk_test_/);
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('answers 201 to the first orders, then dies with requests still in flight', async () => {
    let next = 0;
    let inFlight = 0;
    let killed = false;
    const statuses: number[] = [];

    const order = async (n: number) => {
      inFlight++;
      try {
        const res = await api(hub.url, key, 'POST', '/v1/verifications', {
          supplier: `Crash Burst Supplier ${n} Ltd`,
          country_code: 'GB',
          registration_id: '09446231',
          package: 'basic',
          external_ref: `crash-${n}`,
        });
        statuses.push(res.status);
        if (res.status === 201) {
          acknowledged.push(res.json.verification_id);
          if (acknowledged.length === KILL_AFTER_CREATED && !killed) {
            killed = true;
            inFlightAtKill = inFlight - 1;
            hub.process.kill('SIGKILL');
          }
        }
      } catch {
        // The connection died with the process: the order may or may not exist, nothing was promised.
        lostInFlight++;
      } finally {
        inFlight--;
      }
    };
    const lane = async () => {
      while (next < TOTAL && !killed) await order(next++);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));

    const exit = await hub.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(killed, `statuses seen: ${[...new Set(statuses)].join(', ')}`).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_CREATED);
    expect(inFlightAtKill, 'the kill should land while other orders are in flight').toBeGreaterThan(0);
    otherStatuses = statuses.filter((s) => s !== 201);
    expect(otherStatuses, 'only 201s before the crash (no 429 or 5xx)').toEqual([]);
    console.info(
      `crash: ${acknowledged.length} acknowledged, ${inFlightAtKill} in flight at the kill, ${lostInFlight} lost`,
    );
  });

  it('the database left behind holds every acknowledged order', () => {
    // Read straight from the file, before any restart could repair anything.
    const db = new Database(join(dataDir, 'keybs.db'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT id, status FROM verifications').all() as { id: string; status: string }[];
      const present = new Set(rows.map((r) => r.id));
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      const open = rows.filter((r) => r.status === 'in_progress').length;
      console.info(`crash: ${rows.length} stored, ${open} still in_progress at the kill`);
    } finally {
      db.close();
    }
  });

  it(`after a restart every acknowledged order is there and completes within ${COMPLETE_WITHIN_MS / 1000} s`, async () => {
    hub = await startHub(dataDir, { env: NO_RATE_LIMIT });
    const restartedAt = Date.now();
    expect(hub.key, 'keys persist: no new first key').toBeUndefined();

    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await api(hub.url, key, 'GET', `/v1/verifications/${id}`);
      if (res.status !== 200) missing.push(`${id}: ${res.status}`);
    }
    expect(missing, 'acknowledged orders lost in the crash').toEqual([]);

    let open: string[] = [];
    await pollUntil(
      async () => {
        const res = await api(hub.url, key, 'GET', '/v1/verifications?status=in_progress&limit=100');
        expect(res.status, res.text).toBe(200);
        open = (res.json.data as { verification_id: string }[]).map((v) => v.verification_id);
        return open.length === 0 ? true : undefined;
      },
      {
        timeoutMs: COMPLETE_WITHIN_MS - (Date.now() - restartedAt),
        describe: () => `${open.length} still in_progress: ${open.slice(0, 10).join(', ')}`,
      },
    );

    const notCompleted: string[] = [];
    for (const id of acknowledged) {
      const res = await api(hub.url, key, 'GET', `/v1/verifications/${id}`);
      if (res.json?.status !== 'completed' || res.json?.decision?.registry_status !== 'active') {
        notCompleted.push(`${id}: ${res.json?.status} ${res.json?.decision?.registry_status}`);
      }
    }
    expect(notCompleted).toEqual([]);
  });

  it('each acknowledged order exists once (the crash duplicated nothing)', async () => {
    const seen = new Map<string, number>();
    let startingAfter: string | undefined;
    for (;;) {
      const page = await api(
        hub.url,
        key,
        'GET',
        `/v1/verifications?limit=100${startingAfter ? `&starting_after=${startingAfter}` : ''}`,
      );
      expect(page.status, page.text).toBe(200);
      const data = page.json.data as { verification_id: string; external_ref: string }[];
      for (const v of data) seen.set(v.external_ref, (seen.get(v.external_ref) ?? 0) + 1);
      if (!page.json.has_more) break;
      startingAfter = data.at(-1)?.verification_id;
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
