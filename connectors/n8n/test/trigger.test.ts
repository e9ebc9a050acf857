import { signKeybs } from '@keybs/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { type InstalledPackage, installPackage } from './engine.js';
import { startWebhookHost, type WebhookHost } from './webhook-host.js';

// The KeyBS Trigger's lifecycle and deliveries, with a real hub sending real signed webhooks.

let hub: TestHub;
let pkg: InstalledPackage;
let host: WebhookHost | undefined;
beforeAll(async () => {
  hub = await startTestHub();
  pkg = await installPackage();
});
afterEach(async () => {
  await host?.close();
  host = undefined;
});
afterAll(async () => {
  pkg?.remove();
  await hub?.close();
});

async function activated(events: string[]): Promise<WebhookHost> {
  host = await startWebhookHost(pkg, { apiKey: hub.testKey, baseUrl: hub.url }, events);
  expect(await host.checkExists()).toBe(false);
  expect(await host.create()).toBe(true);
  return host;
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('activation and deactivation', () => {
  it('registers its own hub endpoint for its URL and events, keeps the secret, and removes it on deactivation', async () => {
    const h = await activated(['decision_issued', 'status_changed']);
    const { webhookId, webhookSecret } = h.registration() as { webhookId: string; webhookSecret: string };
    expect(webhookId).toMatch(/^we_/);
    expect(webhookSecret).toMatch(/^whsec_/);
    const endpoint = await hub.request('GET', `/v1/webhooks/${webhookId}`);
    expect(endpoint.json).toMatchObject({ url: h.url, status: 'enabled' });
    expect([...endpoint.json.events].sort()).toEqual(['decision_issued', 'status_changed']);
    expect(await h.checkExists()).toBe(true);

    expect(await h.delete()).toBe(true);
    expect((await hub.request('GET', `/v1/webhooks/${webhookId}`)).status).toBe(404);
    expect(h.registration()).toEqual({});
    expect(await h.checkExists()).toBe(false);
  });

  it('registers again when its endpoint was deleted on the hub', async () => {
    const h = await activated(['decision_issued']);
    const first = h.registration().webhookId as string;
    await hub.request('DELETE', `/v1/webhooks/${first}`);
    expect(await h.checkExists()).toBe(false);
    expect(h.registration()).toEqual({});
    expect(await h.create()).toBe(true);
    expect(h.registration().webhookId).not.toBe(first);
    expect(await h.delete()).toBe(true);
  });
});

describe('deliveries', () => {
  it('emits each signed decision the hub delivers, with the event name and delivery id', async () => {
    const h = await activated(['decision_issued']);
    const id = (await hub.request('POST', '/v1/verifications', { body: BASIC_GB })).json.verification_id;
    const [item] = await eventually(
      async () => h.emitted.find((items) => items[0]?.json.verification_id === id),
      15_000,
    );
    expect(item?.json).toMatchObject({
      verification_id: id,
      status: 'completed',
      country_tier: 1,
      recommendation: 'proceed_with_controls',
      event: 'verification.completed',
    });
    expect(item?.json.delivery_id).toMatch(/^evt_/);
    const deliveries = await hub.request('GET', `/v1/webhooks/${h.registration().webhookId}/deliveries`);
    expect(deliveries.json.data[0]).toMatchObject({ status: 'succeeded', event_id: item?.json.delivery_id });
    await h.delete();
  });

  it('refuses (401) and does not start the workflow for a bad signature, a stale one, or none', async () => {
    const h = await activated(['decision_issued']);
    const secret = h.registration().webhookSecret as string;
    const body = JSON.stringify({ verification_id: 'KBS-VR-2026-000001', status: 'completed' });
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      { 'x-keybs-timestamp': String(now), 'x-keybs-signature': signKeybs('whsec_forged', now, body) },
      { 'x-keybs-timestamp': String(now - 600), 'x-keybs-signature': signKeybs(secret, now - 600, body) },
      {},
    ];
    for (const headers of attempts) {
      const res = await post(h.url, body, headers);
      expect(res.status).toBe(401);
    }
    expect(h.emitted).toEqual([]);
    const genuine = await post(h.url, body, {
      'x-keybs-timestamp': String(now),
      'x-keybs-signature': signKeybs(secret, now, body),
    });
    expect(genuine.status).toBe(200);
    expect(h.emitted).toHaveLength(1);
    await h.delete();
  });
});
