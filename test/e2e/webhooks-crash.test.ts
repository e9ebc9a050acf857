import { createHmac } from 'node:crypto';
import { verifyWebhook } from '@keybs/sdk';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, jsonOf, type ReceivedRequest, Receiver } from '../../core/test/helpers/receiver.js';
import {
  api,
  pollUntil,
  removeDir,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const ORDERS = 30;
/**
 * Five fast retries, then one a second for half a minute: the deliveries must still be pending (not given up)
 * when the hub is killed, a few seconds after the receiver first refused them.
 */
const ENV = {
  KEYBS_WEBHOOK_RETRY_SCHEDULE: ['0.2', '0.2', '0.2', '0.2', '0.2', ...Array<string>(30).fill('1')].join(','),
  KEYBS_WEBHOOK_TIMEOUT_MS: '1000',
  KEYBS_LOG_LEVEL: 'warn',
};
/** Deliveries locked by the killed process wait out timeout + 5 s before another process takes them. */
const DELIVERED_WITHIN_MS = 20_000;

interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  attempts: { status_code: number | null; error: string | null }[];
}

describe('webhook deliveries survive a SIGKILL of the hub', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  let key: string;
  let port: number;
  let receiver: Receiver | undefined;
  let endpoint: { id: string; secret: string };
  const ordered: string[] = [];

  const allDeliveries = async (): Promise<Delivery[]> => {
    const out: Delivery[] = [];
    let after = '';
    for (;;) {
      const page = await api(hub.url, key, 'GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=100${after}`);
      expect(page.status, page.text).toBe(200);
      out.push(...page.json.data);
      if (!page.json.has_more) return out;
      after = `&starting_after=${page.json.data.at(-1).id}`;
    }
  };

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-webhooks-crash');
    port = await Receiver.closedPort();
    hub = await startHub(dataDir, { env: ENV });
    key = hub.key!;
    expect(key).toMatch(/^sk_test_/);
  });

  afterAll(async () => {
    await stopAllHubs();
    await receiver?.close();
    removeDir(dataDir);
  });

  it('queues deliveries for a receiver that is down while 30 orders complete', async () => {
    const created = await api(hub.url, key, 'POST', '/v1/webhooks', {
      url: `http://127.0.0.1:${port}/keybs`,
      events: ['status_changed', 'decision_issued'],
    });
    expect(created.status, created.text).toBe(201);
    endpoint = created.json;

    let next = 0;
    const lane = async () => {
      while (next < ORDERS) {
        const n = next++;
        const res = await api(hub.url, key, 'POST', '/v1/verifications', {
          supplier: `Webhook Crash Supplier ${n} Ltd`,
          country_code: 'GB',
          registration_id: '09446231',
          package: 'basic',
          external_ref: `wh-crash-${n}`,
        });
        expect(res.status, res.text).toBe(201);
        ordered.push(res.json.verification_id);
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
    expect(ordered).toHaveLength(ORDERS);

    let open = ORDERS;
    await pollUntil(
      async () => {
        const res = await api(hub.url, key, 'GET', '/v1/verifications?limit=100');
        const mine = (res.json.data as { verification_id: string; status: string }[]).filter((v) =>
          ordered.includes(v.verification_id),
        );
        open = mine.filter((v) => v.status !== 'completed').length;
        return mine.length === ORDERS && open === 0 ? true : undefined;
      },
      { timeoutMs: 10_000, describe: () => `${open} of ${ORDERS} not completed` },
    );

    // Every verification.completed event has a delivery that was tried, refused, and is still pending.
    let seen: Delivery[] = [];
    await pollUntil(
      async () => {
        seen = (await allDeliveries()).filter((d) => d.event_type === 'verification.completed');
        return seen.length === ORDERS && seen.every((d) => d.attempt_count >= 1) ? true : undefined;
      },
      {
        timeoutMs: 10_000,
        describe: () =>
          `${seen.length} completed deliveries, tried: ${seen.filter((d) => d.attempt_count >= 1).length}`,
      },
    );
    const all = await allDeliveries();
    expect(all.filter((d) => d.status !== 'pending').map((d) => `${d.id}: ${d.status}`)).toEqual([]);
    for (const d of all.filter((x) => x.attempts.length > 0)) {
      expect(d.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/refused/i) });
    }
    console.info(
      `webhooks-crash: ${all.length} deliveries pending at the kill (${seen.length} verification.completed)`,
    );
  });

  it('after SIGKILL, the receiver coming up and a restart, every verification.completed arrives, signed', async () => {
    const exit = await hub.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');

    receiver = await Receiver.start({ port });
    hub = await startHub(dataDir, { env: ENV });
    const restartedAt = Date.now();
    expect(hub.key, 'keys persist: no new first key').toBeUndefined();
    const rx = receiver;

    const completedFor = (id: string) =>
      rx.requests.filter(
        (r) => headerOf(r, 'x-keybs-event') === 'verification.completed' && jsonOf(r).verification_id === id,
      );
    await rx.waitFor(() => ordered.every((id) => completedFor(id).length > 0), DELIVERED_WITHIN_MS);
    const tookMs = Date.now() - restartedAt;

    const keybsSignature = (r: ReceivedRequest) =>
      `sha256=${createHmac('sha256', endpoint.secret)
        .update(`${headerOf(r, 'x-keybs-timestamp')}.${r.body}`)
        .digest('hex')}`;
    const badSignatures = rx.requests.filter((r) => headerOf(r, 'x-keybs-signature') !== keybsSignature(r));
    expect(badSignatures.map((r) => headerOf(r, 'x-keybs-delivery'))).toEqual([]);
    const webhook = new Webhook(endpoint.secret);
    for (const r of rx.requests) {
      expect(verifyWebhook({ body: r.body, headers: r.headers, secret: endpoint.secret })).toEqual(jsonOf(r));
      webhook.verify(r.body, {
        'webhook-id': headerOf(r, 'webhook-id') ?? '',
        'webhook-timestamp': headerOf(r, 'webhook-timestamp') ?? '',
        'webhook-signature': headerOf(r, 'webhook-signature') ?? '',
      });
    }

    // Each body is that verification's decision, and one event id per verification (retries reuse it).
    for (const id of ordered) {
      const v = await api(hub.url, key, 'GET', `/v1/verifications/${id}`);
      const got = completedFor(id);
      expect(new Set(got.map((r) => headerOf(r, 'x-keybs-delivery'))).size).toBe(1);
      for (const r of got) expect(jsonOf(r)).toEqual(v.json.decision);
    }

    // The log ends with every delivery succeeded, none left pending or failed.
    let unfinished: Delivery[] = [];
    await pollUntil(
      async () => {
        unfinished = (await allDeliveries()).filter((d) => d.status !== 'succeeded');
        return unfinished.length === 0 ? true : undefined;
      },
      {
        timeoutMs: DELIVERED_WITHIN_MS,
        describe: () =>
          `${unfinished.length} not succeeded: ${unfinished.slice(0, 5).map((d) => `${d.event_type} ${d.status}`)}`,
      },
    );

    const completedRequests = rx.ofEvent('verification.completed').length;
    const duplicates = completedRequests - ORDERS;
    const eventIds = rx.requests.map((r) => headerOf(r, 'x-keybs-delivery'));
    console.info(
      `webhooks-crash: all ${ORDERS} verification.completed delivered ${tookMs} ms after the restart; ` +
        `${completedRequests} completed requests (${duplicates} duplicates), ` +
        `${rx.requests.length} requests for ${new Set(eventIds).size} distinct events in all`,
    );
    expect(duplicates).toBeGreaterThanOrEqual(0);
  });
});

describe('webhook deliveries in flight (locked) when the hub is killed', () => {
  const IN_FLIGHT = 10;
  let dataDir: string;
  let hub: SpawnedHub;
  let key: string;
  let hung: Receiver;
  let healthy: Receiver | undefined;
  let endpoint: { id: string; secret: string };
  const ordered: string[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-webhooks-locked');
    hung = await Receiver.start({ behaviour: 'hang' });
    hub = await startHub(dataDir, { env: ENV });
    key = hub.key!;
  });

  afterAll(async () => {
    await stopAllHubs();
    await hung.close();
    await healthy?.close();
    removeDir(dataDir);
  });

  it('are sent again after a restart, once the dead process’s locks expire', async () => {
    const created = await api(hub.url, key, 'POST', '/v1/webhooks', {
      url: `${hung.url}/keybs`,
      events: ['decision_issued'],
    });
    expect(created.status, created.text).toBe(201);
    endpoint = created.json;
    for (let n = 0; n < IN_FLIGHT; n++) {
      const res = await api(hub.url, key, 'POST', '/v1/verifications', {
        supplier: `Webhook Locked Supplier ${n} Ltd`,
        country_code: 'GB',
        registration_id: '09446231',
        package: 'basic',
      });
      expect(res.status, res.text).toBe(201);
      ordered.push(res.json.verification_id);
    }
    // All ten requests are open at the receiver, unanswered: their deliveries are locked by this process.
    await hung.waitFor(
      (rs) => ordered.every((id) => rs.some((r) => jsonOf(r).verification_id === id)) || undefined,
      10_000,
    );
    const exit = await hub.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const killedAt = Date.now();
    const seenBeforeKill = hung.requests.length;
    await hung.close();

    healthy = await Receiver.start({ port: hung.port });
    hub = await startHub(dataDir, { env: ENV });
    const rx = healthy;
    await rx.waitFor(
      (rs) => ordered.every((id) => rs.some((r) => jsonOf(r).verification_id === id)) || undefined,
      DELIVERED_WITHIN_MS,
    );
    const tookMs = Date.now() - killedAt;
    for (const r of rx.requests) {
      expect(verifyWebhook({ body: r.body, headers: r.headers, secret: endpoint.secret })).toMatchObject({
        status: 'completed',
      });
    }
    // Same event ids as the attempts that hung: receivers can deduplicate.
    const hungIds = new Set(hung.requests.map((r) => headerOf(r, 'x-keybs-delivery')));
    for (const r of rx.requests) expect(hungIds.has(headerOf(r, 'x-keybs-delivery'))).toBe(true);
    console.info(
      `webhooks-crash (locked): ${seenBeforeKill} requests hung before the kill; all ${IN_FLIGHT} delivered ` +
        `${tookMs} ms after it; ${rx.requests.length - IN_FLIGHT} duplicates after the restart`,
    );
  });
});
