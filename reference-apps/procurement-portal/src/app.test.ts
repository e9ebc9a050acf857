import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { createPortal, type Portal } from './app.js';
import type { PurchaseOrder } from './orders.js';

let hub: TestHub | undefined;
let portal: Portal | undefined;
let server: Server | undefined;
let stream: AbortController | undefined;
afterEach(async () => {
  stream?.abort();
  portal?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await hub?.close();
  hub = portal = server = stream = undefined;
});

/** A real hub with the procurement gate, and the portal connected to it as a user runs it. */
async function start() {
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-portal-')), 'keybs.json');
  const plugins = [{ package: '@keybs/connector-procurement-gate', config: { threshold: 0.5 } }];
  writeFileSync(file, JSON.stringify({ plugins }));
  hub = await startTestHub({ env: { KEYBS_CONFIG: file, KEYBS_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05' } });
  portal = createPortal({ hubUrl: hub.url, apiKey: hub.testKey });
  const app = portal.app;
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await portal.connect(url);
  return { hub, url };
}

/** Reads the portal's SSE stream as the browser does, collecting `[event, data]`. */
async function watch(url: string): Promise<[string, any][]> {
  stream = new AbortController();
  const res = await fetch(`${url}/events`, { signal: stream.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const seen: [string, any][] = [];
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      buffer += chunk.value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (event && data) seen.push([event, JSON.parse(data)]);
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return seen;
}

async function raise(url: string, supplierRef: string, amount = 1200): Promise<PurchaseOrder> {
  const res = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ supplier_ref: supplierRef, description: 'Laptops', amount }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as PurchaseOrder;
}

async function verify(h: TestHub, supplier: string, externalRef: string): Promise<string> {
  const r = await h.request('POST', '/v1/verifications', {
    body: { supplier, country_code: 'GB', registration_id: '09446231', package: 'basic', external_ref: externalRef },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.verification_id;
}

describe('procurement portal against a real hub', () => {
  it('blocks an order for an unverified supplier and releases it live when the decision arrives', async () => {
    const { hub, url } = await start();
    const seen = await watch(url);
    const blocked = await raise(url, 'SUP-77');
    expect(blocked).toMatchObject({ status: 'blocked', gate: { allowed: false, reason: 'no_verification' } });

    const id = await verify(hub, 'Good Supplier Ltd', 'SUP-77');
    const released = await eventually(async () =>
      seen.find(([e, o]) => e === 'order' && o.id === blocked.id && o.status === 'allowed'),
    );
    expect(released[1].gate).toMatchObject({ allowed: true, reason: 'verified', verification_id: id });
    expect(seen[0]).toEqual(['snapshot', []]);

    // Now the supplier is verified, a new order is allowed at once.
    expect(await raise(url, 'SUP-77')).toMatchObject({ status: 'allowed', gate: { verification_id: id } });
    // Each question the portal asked is in the gate's audit log, under the order it was about.
    const log = (await hub.request('GET', '/v1/po-gate/decisions')).json.data;
    expect(log.map((d: any) => [d.query.order_ref, d.allowed])).toEqual([
      ['new purchase order', true],
      [blocked.id, true],
      ['new purchase order', false],
    ]);
  });

  it('keeps an order blocked, with the new reason, when the decision is a rejection', async () => {
    const { hub, url } = await start();
    const seen = await watch(url);
    const order = await raise(url, 'SUP-D');
    await verify(hub, 'Dissolved Widgets Ltd', 'SUP-D');
    const update = await eventually(async () =>
      seen.find(([e, o]) => e === 'order' && o.id === order.id && o.gate.reason !== 'no_verification'),
    );
    expect(update[1]).toMatchObject({
      status: 'blocked',
      gate: { reason: 'recommendation_blocks', recommendation: 'reject' },
    });
    const list = (await (await fetch(`${url}/orders`)).json()) as { data: PurchaseOrder[] };
    expect(list.data.map((o) => [o.id, o.status])).toEqual([[order.id, 'blocked']]);
  });

  it('serves the page, refuses a forged webhook and a malformed order', async () => {
    const { url } = await start();
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain("new EventSource('/events')");
    const forged = await fetch(`${url}/webhooks/keybs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-keybs-event': 'verification.completed' },
      body: JSON.stringify({ external_ref: 'SUP-77' }),
    });
    expect(forged.status).toBe(400);
    const bad = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 5 }),
    });
    expect(bad.status).toBe(422);
  });
});
