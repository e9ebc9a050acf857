import { afterEach, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/store/postgres/db.js';
import { writeEvents } from '../../src/store/postgres/events.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { IdempotencyRequest } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { endpoint, order, statusEvent, verification } from './fixtures.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from './test-database.js';

/**
 * What several hub processes on one database rely on: each store here has its own connection pool, as a
 * separate process would. Runs only with KEYBS_TEST_DATABASE_URL (see scripts/pg-test-server.sh).
 */
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL store across processes', () => {
  let database: TestDatabase | undefined;
  let stores: Store[] = [];
  const now = Date.now();

  const open = async (n: number): Promise<Store[]> => {
    database = await testDatabase(`concurrency-${Math.random()}`);
    if (!database) throw new Error('no test database');
    const url = database.url;
    stores = Array.from({ length: n }, () => openPostgresStore(url, { poolSize: 4 }));
    return stores;
  };

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    await database?.drop();
  });

  it('processes starting at once migrate the schema once and both work', async () => {
    const [a, b, c] = await open(3);
    await Promise.all([a?.ping(), b?.ping(), c?.ping()]);
    expect(await a?.keys.count()).toBe(0);
    expect(await b?.verifications.count(false)).toBe(0);
  });

  it('one Idempotency-Key claimed by two processes at once: one acquires, the other sees it in progress', async () => {
    const [a, b] = await open(2);
    const req: IdempotencyRequest = {
      env: 'test',
      key: 'k1',
      fingerprint: 'f',
      now,
      lockUntil: now + 60_000,
      expiredBefore: now - 86_400_000,
    };
    const kinds = await Promise.all([a?.idempotency.claim(req), b?.idempotency.claim(req)]);
    expect(kinds.map((k) => k?.kind).sort()).toEqual(['acquired', 'in_progress']);
  });

  it('orders with one Idempotency-Key from two processes at once create one verification', async () => {
    const [a, b] = await open(2);
    const claim: IdempotencyRequest = {
      env: 'test',
      key: 'order-1',
      fingerprint: 'f',
      now,
      lockUntil: now + 60_000,
      expiredBefore: now - 86_400_000,
    };
    const create = (s: Store | undefined, tag: string) =>
      s?.verifications.create(
        (n) => {
          const id = `KBS-VR-2026-${String(n).padStart(6, '0')}`;
          const response = { status: 201, body: `{"id":"${id}"}`, requestId: `req_${tag}` };
          return {
            verification: verification(id, now),
            checks: [],
            events: [statusEvent(`evt_${tag}`, id, now)],
            idempotency: { env: 'test', key: 'order-1', response },
          };
        },
        2026,
        claim,
      );
    const outcomes = await Promise.all([create(a, 'a'), create(b, 'b')]);
    expect(outcomes.map((o) => o?.kind).sort()).toEqual(['created', 'replay']);
    expect(await a?.verifications.count(false)).toBe(1);
    expect((await a?.events.after(0, 10))?.length).toBe(1);
  });

  it('sequence numbers stay unique under concurrent orders from three processes', async () => {
    const all = await open(3);
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const s = all[i % 3];
        if (!s) throw new Error('no store');
        return order(s, String(i), now);
      }),
    );
    expect(new Set(ids).size).toBe(30);
  });

  it('a compare-and-set transition applies once when two processes race on it', async () => {
    const [a, b] = await open(2);
    if (!a || !b) throw new Error('no stores');
    const id = await order(a, 'x', now);
    const complete = (s: Store, tag: string) =>
      s.verifications.transition({
        id,
        from: ['in_progress'],
        ifVersion: 0,
        patch: { status: 'completed', decidedAt: now, workAfter: null },
        events: [statusEvent(`evt_done_${tag}`, id, now)],
      });
    const results = await Promise.all([complete(a, 'a'), complete(b, 'b')]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await a.verifications.versionOf(false, id)).toBe(1);
    expect((await a.events.forVerification(id)).map((e) => e.id)).toHaveLength(2);
  });

  it('every event of concurrent writers is fanned out exactly once, though seqs commit out of order', async () => {
    const all = await open(3);
    const [a, b, c] = all;
    if (!a || !b || !c) throw new Error('no stores');
    await a.webhooks.insertEndpoint(endpoint('we_1', now));
    let n = 0;
    const newId = () => `wd_${n++}`;
    let writing = true;
    const writers = Promise.all(
      [a, b].map(async (s, w) => {
        for (let i = 0; i < 40; i++) await order(s, `${w}_${i}`, now);
      }),
    ).finally(() => {
      writing = false;
    });
    // Two dispatchers fan out while the orders commit.
    const fanners = [b, c].map(async (s) => {
      while (writing) await s.webhooks.fanOut(now, 7, newId);
    });
    await Promise.all([writers, ...fanners]);
    while ((await c.webhooks.fanOut(now, 100, newId)) > 0);
    const deliveries = await c.webhooks.listDeliveries('we_1', 1000);
    const eventIds = deliveries?.data.map((d) => d.eventId) ?? [];
    expect(eventIds).toHaveLength(80);
    expect(new Set(eventIds).size).toBe(80);
  });

  it('an event whose seq commits after a later one is still fanned out (the event-log lock)', async () => {
    const [a, b] = await open(2);
    if (!a || !b || !database) throw new Error('no stores');
    await a.webhooks.insertEndpoint(endpoint('we_1', now));
    const id = await order(a, 'first', now);
    let n = 0;
    await a.webhooks.fanOut(now, 100, () => `wd_${n++}`);
    // A slow writer takes its seq, then holds its transaction open while another order commits and a
    // dispatcher fans out: the dispatcher's cursor must not move past the slow writer's seq.
    const slow = new PgDb(database.url, { max: 1 });
    const slowWrite = slow.tx(async (sql) => {
      await writeEvents(sql, [statusEvent('evt_slow', id, now)]);
      await new Promise((r) => setTimeout(r, 400));
    });
    await new Promise((r) => setTimeout(r, 100));
    const fast = order(b, 'fast', now).then(() => a.webhooks.fanOut(now, 100, () => `wd_${n++}`));
    await Promise.all([slowWrite, fast]);
    await slow.close();
    await a.webhooks.fanOut(now, 100, () => `wd_${n++}`);
    const sent = (await a.webhooks.listDeliveries('we_1', 100))?.data.map((d) => d.eventId).sort();
    expect(sent).toEqual(['evt_fast', 'evt_first', 'evt_slow']);
  });

  it('two dispatchers claiming one endpoint at once take disjoint deliveries (SKIP LOCKED leases)', async () => {
    const [a, b] = await open(2);
    if (!a || !b) throw new Error('no stores');
    await a.webhooks.insertEndpoint(endpoint('we_1', now));
    for (let i = 0; i < 20; i++) await order(a, String(i), now);
    let n = 0;
    await a.webhooks.fanOut(now, 100, () => `wd_${n++}`);
    const [x, y] = await Promise.all([
      a.webhooks.claim('we_1', now, now + 30_000, 12),
      b.webhooks.claim('we_1', now, now + 30_000, 12),
    ]);
    const ids = [...x, ...y].map((d) => d.delivery.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    // Leased: nothing is due again until the lease runs out, then everything not finished is.
    expect(await a.webhooks.claim('we_1', now + 1_000, now + 31_000, 50)).toHaveLength(0);
    expect(await b.webhooks.claim('we_1', now + 30_000, now + 60_000, 50)).toHaveLength(20);
  });

  it('two plugin runners take disjoint deliveries, one per verification at a time', async () => {
    const [a, b] = await open(2);
    if (!a || !b) throw new Error('no stores');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await order(a, String(i), now));
    // A second event for each verification: it must wait for the first.
    for (const id of ids) {
      await a.verifications.transition({
        id,
        from: ['in_progress'],
        patch: { status: 'in_review' },
        events: [statusEvent(`evt_review_${id}`, id, now)],
      });
    }
    await a.plugins.fanOut('p', null, now, 100);
    const [x, y] = await Promise.all([
      a.plugins.claim('p', now, now + 30_000, 8),
      b.plugins.claim('p', now, now + 30_000, 8),
    ]);
    const claimed = [...x, ...y];
    expect(claimed).toHaveLength(10);
    expect(new Set(claimed.map((c) => c.delivery.orderKey)).size).toBe(10);
    expect(claimed.every((c) => c.event.id.startsWith('evt_') && !c.event.id.startsWith('evt_review'))).toBe(true);
    await a.plugins.succeed(
      'p',
      claimed.map((c) => c.delivery.eventSeq),
      now,
    );
    const next = await b.plugins.claim('p', now, now + 30_000, 50);
    expect(next.map((c) => c.event.id).sort()).toEqual(ids.map((id) => `evt_review_${id}`).sort());
    expect((await a.plugins.stats('p')).delivered).toBe(10);
  });

  it('a snapshot read does not see what another process commits during it (plugin counters agree with the dead letters)', async () => {
    const [a, b] = await open(2);
    if (!a || !b || !database) throw new Error('no stores');
    await order(a, 'before', now);
    const db = new PgDb(database.url, { max: 2 });
    try {
      const seen = await db.snapshot(async (sql) => {
        const count = async () => (await sql.query<{ n: number }>('SELECT count(*) AS n FROM verifications'))[0]?.n;
        const first = await count();
        await order(b, 'during', now);
        return [first, await count()];
      });
      expect(seen).toEqual([1, 1]);
      expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM verifications'))[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
  });
});
