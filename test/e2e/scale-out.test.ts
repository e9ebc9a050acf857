import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from '../../core/test/postgres/test-database.js';
import {
  api,
  pollUntil,
  removeDir,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const ORDERS = 150;
const LANES = 8;
/** The receiver holds each request this long, so two processes delivering one event at once would overlap. */
const HOLD_MS = 25;

interface Arrival {
  id: string;
  event: string;
  verificationId: string;
  start: number;
  end: number;
}

/** A webhook receiver that notes when each delivery started and ended. */
async function startReceiver(): Promise<{ server: Server; url: string; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const start = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { verification_id: string };
      setTimeout(() => {
        arrivals.push({
          id: String(req.headers['webhook-id']),
          event: String(req.headers['x-keybs-event']),
          verificationId: body.verification_id,
          start,
          end: Date.now(),
        });
        res.writeHead(200).end();
      }, HOLD_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals };
}

/**
 * Issue #10: three `keybs serve` processes on one PostgreSQL database behind a (client-side) round robin, one
 * of them SIGKILLed in the middle of a burst of orders and webhook deliveries. Runs in the PostgreSQL pass.
 */
describe.skipIf(!TEST_DATABASE_URL)('three hub processes on one PostgreSQL database, one killed', () => {
  let database: TestDatabase;
  const dirs: string[] = [];
  const hubs: SpawnedHub[] = [];
  let key: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let env: Record<string, string>;
  const acknowledged = new Map<string, string>(); // idempotency key → verification id

  beforeAll(async () => {
    database = (await testDatabase(`scale-out-${Date.now()}`)) as TestDatabase;
    receiver = await startReceiver();
    env = {
      KEYBS_DATABASE_URL: database.url,
      // Every process must unseal what the others sealed (webhook secrets, signing keys, documents).
      KEYBS_MASTER_KEY: randomBytes(32).toString('base64'),
      KEYBS_ALLOW_PRIVATE_WEBHOOKS: '1',
      KEYBS_RATE_LIMIT_PER_SECOND: '0',
      KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.5,1,1,1,1,1,1,1',
      KEYBS_WEBHOOK_TIMEOUT_MS: '2000',
      KEYBS_WORKER_POLL_MS: '200',
      KEYBS_LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < 3; i++) {
      const dir = tempDataDir(`keybs-scale-${i}`);
      dirs.push(dir);
      hubs.push(await startHub(dir, { env }));
    }
    key = hubs[0]?.key as string;
    expect(key, 'the first process creates the first key').toMatch(/^sk_test_/);
    expect(hubs.slice(1).map((h) => h.key)).toEqual([undefined, undefined]);
  }, 90_000);

  afterAll(async () => {
    await stopAllHubs();
    await new Promise((resolve) => receiver?.server.close(resolve));
    for (const dir of dirs) removeDir(dir);
    await database?.drop();
  });

  it('a SIGKILL under a burst loses no acknowledged order and creates no duplicate', async () => {
    const hook = await api(hubs[1]!.url, key, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['status_changed', 'decision_issued'],
    });
    expect(hook.status, hook.text).toBe(201);

    const victim = hubs[1]!;
    let next = 0;
    let turn = 0;
    let killed = false;
    // A load balancer's view: a request that fails to connect goes to the next process, same Idempotency-Key.
    const order = async (n: number) => {
      const idempotencyKey = `scale-${n}`;
      for (let attempt = 0; attempt < 10; attempt++) {
        const hub = hubs[turn++ % hubs.length]!;
        try {
          const res = await fetch(`${hub.url}/v1/verifications`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': idempotencyKey,
            },
            body: JSON.stringify({
              supplier: `Scale Out Supplier ${n} Ltd`,
              country_code: 'GB',
              registration_id: '09446231',
              package: 'basic',
              external_ref: `scale-${n}`,
            }),
          });
          const json = (await res.json()) as { verification_id?: string };
          if (res.status === 201 || res.status === 200) {
            acknowledged.set(idempotencyKey, json.verification_id as string);
            return;
          }
          expect([409, 503], JSON.stringify(json)).toContain(res.status); // in progress on the dead one: retry
        } catch {
          // connection refused or reset by the killed process
        }
      }
      throw new Error(`order ${n} never acknowledged`);
    };
    const lane = async () => {
      while (next < ORDERS) {
        const n = next++;
        if (n === Math.floor(ORDERS / 3) && !killed) {
          killed = true;
          void victim.stop('SIGKILL');
        }
        await order(n);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    expect((await victim.exited).signal).toBe('SIGKILL');
    expect(acknowledged.size).toBe(ORDERS);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = (
        await db.query<{ id: string; external_ref: string }>(
          "SELECT id, external_ref FROM verifications WHERE external_ref LIKE 'scale-%'",
        )
      ).rows;
      expect(rows.length, 'one verification per order, retries included').toBe(ORDERS);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acknowledged.values()));
    } finally {
      await db.end();
    }
  }, 120_000);

  it('every event reaches the receiver, never delivered by two processes at the same moment', async () => {
    const live = [hubs[0]!, hubs[2]!];
    let open = ORDERS;
    await pollUntil(
      async () => {
        let count = 0;
        for (const id of acknowledged.values()) {
          const v = await api(live[count % 2]!.url, key, 'GET', `/v1/verifications/${id}`);
          if (v.json?.status !== 'completed') count++;
        }
        open = count;
        return open === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, describe: () => `${open} of ${ORDERS} not completed` },
    );

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    let expected: string[] = [];
    let pending = -1;
    try {
      await pollUntil(
        async () => {
          const deliveries = (
            await db.query<{ event_id: string; status: string }>('SELECT event_id, status FROM webhook_deliveries')
          ).rows;
          expected = deliveries.map((d) => d.event_id);
          pending = deliveries.filter((d) => d.status !== 'succeeded').length;
          const arrived = new Set(receiver.arrivals.map((a) => a.id));
          return pending === 0 && expected.every((id) => arrived.has(id)) ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, describe: () => `${pending} deliveries not succeeded` },
      );
      const events = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events e JOIN verifications v ON v.id = e.verification_id
           WHERE v.external_ref LIKE 'scale-%' AND e.type IN ('verification.status_changed', 'verification.completed')`,
        )
      ).rows[0]?.n;
      expect(expected.length, 'a delivery for every status change and decision').toBe(events);
    } finally {
      await db.end();
    }

    // Each verification's decision arrived.
    const completed = new Set(
      receiver.arrivals.filter((a) => a.event === 'verification.completed').map((a) => a.verificationId),
    );
    expect([...acknowledged.values()].filter((id) => !completed.has(id))).toEqual([]);

    // At-least-once allows a repeat after the kill, but two deliveries of one event never overlap in time.
    const byEvent = new Map<string, Arrival[]>();
    for (const a of receiver.arrivals) byEvent.set(a.id, [...(byEvent.get(a.id) ?? []), a]);
    const overlapping: string[] = [];
    for (const [id, list] of byEvent) {
      const sorted = [...list].sort((x, y) => x.start - y.start);
      for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) overlapping.push(id);
    }
    expect(overlapping).toEqual([]);
    const repeats = receiver.arrivals.length - byEvent.size;
    console.info(
      `scale-out: ${ORDERS} orders over 3 processes (one killed), ${byEvent.size} events delivered, ${repeats} repeats`,
    );
  }, 150_000);

  it('processes share documents through the database, and one with another master key refuses to start', async () => {
    const [a, , c] = hubs as [SpawnedHub, SpawnedHub, SpawnedHub];
    const id = [...acknowledged.values()][0] as string;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
    const form = new FormData();
    form.set('type', 'other');
    form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'shared.pdf');
    const uploaded = await fetch(`${a.url}/v1/verifications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    const doc = (await uploaded.json()) as { id: string };
    expect(uploaded.status, JSON.stringify(doc)).toBe(201);
    const content = await fetch(`${c.url}/v1/verifications/${id}/documents/${doc.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(pdf);

    const dir = tempDataDir('keybs-scale-wrong-key');
    dirs.push(dir);
    const refused = startHub(dir, { env: { ...env, KEYBS_MASTER_KEY: randomBytes(32).toString('base64') } });
    await expect(refused).rejects.toThrow(/not the one the database was sealed with/);
  }, 60_000);
});
