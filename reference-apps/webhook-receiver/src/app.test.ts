import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signKeybs, signStandard } from '@keybs/contract';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receiver, ReceiverOptions, StoredEvent } from './app.js';
import { createReceiver } from './app.js';

const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const statusChanged = {
  verification_id: 'KBS-VR-2026-000001',
  status: 'in_review',
  previous_status: 'in_progress',
  country_tier: 2,
  confidence: 0.62,
  assigned_reviewer: 'Ana Analyst',
  changed_at: '2026-05-27T11:04:00Z',
  external_ref: 'SUP-42',
  livemode: false,
};
// Odd spacing on purpose: the receiver must verify these exact bytes, not a re-serialisation.
const BODY = JSON.stringify(statusChanged, null, 1);

interface Delivery {
  id?: string;
  body?: string;
  secrets: string[];
  timestamp?: number;
}

/** The headers the hub puts on a delivery (contract §5), both signature schemes. */
function deliveryHeaders({ id = 'evt_01', body = BODY, secrets, timestamp = nowSeconds() }: Delivery) {
  return {
    'Content-Type': 'application/json',
    'X-KeyBS-Event': 'verification.status_changed',
    'X-KeyBS-Delivery': id,
    'X-KeyBS-Timestamp': String(timestamp),
    'X-KeyBS-Signature': secrets.map((s) => signKeybs(s, timestamp, body)).join(','),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signStandard(s, id, timestamp, body)).join(' '),
  };
}

let dir: string;
let dbFile: string;
let receiver: Receiver | undefined;
let server: Server | undefined;
let baseUrl: string;

async function start(options: Omit<ReceiverOptions, 'dbFile'>): Promise<void> {
  receiver = createReceiver({ ...options, dbFile });
  const app = receiver;
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(headers: Record<string, string>, body = BODY): Promise<Response> {
  return fetch(`${baseUrl}/webhooks/keybs`, { method: 'POST', headers, body });
}

/** Reads the receiver's table from a second connection, as a person inspecting the file would. */
function storedRows(): Array<{ delivery_id: string; event: string | null; verification_id: string | null }> {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT delivery_id, event, verification_id FROM webhook_events ORDER BY id').all() as Array<{
      delivery_id: string;
      event: string | null;
      verification_id: string | null;
    }>;
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keybs-receiver-'));
  dbFile = join(dir, 'events.db');
});

afterEach(async () => {
  const s = server;
  if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
  receiver?.closeStore();
  server = undefined;
  receiver = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /webhooks/keybs: accepted deliveries', () => {
  it('stores a valid delivery once and answers 200', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });

    const res = await post(deliveryHeaders({ secrets: [secret] }));

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(storedRows()).toEqual([
      { delivery_id: 'evt_01', event: 'verification.status_changed', verification_id: 'KBS-VR-2026-000001' },
    ]);
  });

  it('answers a redelivery of the same event 200 duplicate without storing it twice', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });

    const first = await post(deliveryHeaders({ secrets: [secret] }));
    // A retry carries the same delivery id with a fresh timestamp and signature.
    const again = await post(deliveryHeaders({ secrets: [secret], timestamp: nowSeconds() + 1 }));

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicate: true });
    expect(storedRows()).toHaveLength(1);
  });

  it('accepts a delivery carrying only the Standard Webhooks headers', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });
    const standardOnly = Object.fromEntries(
      Object.entries(deliveryHeaders({ id: 'evt_std', secrets: [secret] })).filter(
        ([name]) => !name.startsWith('X-KeyBS-'),
      ),
    );

    const res = await post(standardOnly);

    expect(res.status).toBe(200);
    expect(storedRows()).toEqual([{ delivery_id: 'evt_std', event: null, verification_id: 'KBS-VR-2026-000001' }]);
  });

  it('accepts a delivery signed with the old secret while the receiver holds the old and the new one', async () => {
    const oldSecret = newSecret();
    const newSecretValue = newSecret();
    await start({ secrets: [newSecretValue, oldSecret] });

    const res = await post(deliveryHeaders({ id: 'evt_rot', secrets: [oldSecret] }));

    expect(res.status).toBe(200);
    expect(storedRows().map((r) => r.delivery_id)).toEqual(['evt_rot']);
  });

  it('hands a new event to onEvent after acknowledging, and not a redelivery', async () => {
    const secret = newSecret();
    const seen: StoredEvent[] = [];
    let delivered!: () => void;
    const firstCall = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    await start({
      secrets: [secret],
      onEvent: (event) => {
        seen.push(event);
        delivered();
      },
    });

    await post(deliveryHeaders({ secrets: [secret] }));
    await firstCall;
    await post(deliveryHeaders({ secrets: [secret] }));
    // Let any setImmediate the redelivery might have scheduled run before counting.
    await new Promise((resolve) => setImmediate(resolve));

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ delivery_id: 'evt_01', payload: statusChanged });
  });
});

describe('POST /webhooks/keybs: refused deliveries', () => {
  it('refuses a tampered body with 400 and stores nothing', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });
    const tampered = BODY.replace('in_review', 'completed');

    const res = await post(deliveryHeaders({ secrets: [secret] }), tampered);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'signature_mismatch' });
    expect(storedRows()).toEqual([]);
  });

  it('refuses a delivery whose timestamp is 6 minutes old', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });

    const res = await post(deliveryHeaders({ secrets: [secret], timestamp: nowSeconds() - 360 }));

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'timestamp_outside_tolerance' });
    expect(storedRows()).toEqual([]);
  });

  it('refuses a delivery without signature headers', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });

    const res = await post({ 'Content-Type': 'application/json', 'X-KeyBS-Delivery': 'evt_01' });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'missing_headers' });
    expect(storedRows()).toEqual([]);
  });

  it('refuses a delivery signed with a secret the receiver does not hold', async () => {
    await start({ secrets: [newSecret()] });

    const res = await post(deliveryHeaders({ secrets: [newSecret()] }));

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'signature_mismatch' });
    expect(storedRows()).toEqual([]);
  });
});

describe('GET /events', () => {
  it('lists stored events newest first', async () => {
    const secret = newSecret();
    await start({ secrets: [secret] });
    await post(deliveryHeaders({ id: 'evt_a', secrets: [secret] }));
    await post(deliveryHeaders({ id: 'evt_b', secrets: [secret] }));

    const res = await fetch(`${baseUrl}/events`);

    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: StoredEvent[] };
    expect(data.map((e) => e.delivery_id)).toEqual(['evt_b', 'evt_a']);
    expect(data[0]).toMatchObject({ event: 'verification.status_changed', payload: statusChanged });
  });
});
