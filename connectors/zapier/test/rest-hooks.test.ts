import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, ORDER, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { headerOf, type ReceivedRequest, Receiver } from '../../../core/test/helpers/receiver.js';
import { app } from '../src/app.js';
import { appTester, asZapierRawHeaders, authFor, zapierError } from './helpers.js';

let hub: TestHub;
let zapier: Receiver; // stands in for hooks.zapier.com: the hookUrl the hub delivers to
beforeAll(async () => {
  hub = await startTestHub();
  zapier = await Receiver.start();
});
afterAll(async () => {
  await zapier?.close();
  await hub?.close();
});

const { decision_issued: decisionIssued, status_changed: statusChanged } = app.triggers;

/** The bundle Zapier builds for `perform` when a delivery reaches the hook URL. */
function deliveryBundle(subscribeData: unknown, delivery: Pick<ReceivedRequest, 'headers' | 'body'>) {
  return {
    authData: authFor(hub),
    subscribeData,
    rawRequest: {
      method: 'POST',
      querystring: '',
      headers: asZapierRawHeaders(delivery.headers),
      content: delivery.body,
    },
    cleanedRequest: JSON.parse(delivery.body),
  } as any;
}

function deliveryOf(event: string, verificationId: string, extra: (r: ReceivedRequest) => boolean = () => true) {
  return zapier.waitFor(
    (requests) =>
      requests.find(
        (r) =>
          headerOf(r, 'x-keybs-event') === event && JSON.parse(r.body).verification_id === verificationId && extra(r),
      ),
    15_000,
  );
}

describe('the decision_issued REST hook', () => {
  const hookUrl = () => `${zapier.url}/hooks/standard/1/decision`;
  let subscription: any;
  let delivery: ReceivedRequest;

  it('subscribes by creating a hub webhook endpoint for that event, keeping its secret', async () => {
    subscription = await appTester(decisionIssued.operation.performSubscribe, {
      authData: authFor(hub),
      targetUrl: hookUrl(),
    });
    expect(subscription).toEqual({
      id: expect.stringMatching(/^we_/),
      url: hookUrl(),
      events: ['decision_issued'],
      secret: expect.stringMatching(/^whsec_/),
    });
    const endpoint = (await hub.request('GET', `/v1/webhooks/${subscription.id}`)).json;
    expect(endpoint).toMatchObject({ url: hookUrl(), events: ['decision_issued'], status: 'enabled' });
  });

  it('receives a signed decision and hands its payload to the Zap', async () => {
    const ordered = await appTester(app.creates.order_verification.operation.perform, {
      authData: authFor(hub),
      inputData: { ...BASIC_GB, external_ref: 'SUP-hook' },
    });
    const id = (ordered as any).verification_id as string;
    delivery = await deliveryOf('verification.completed', id);
    expect(delivery.path).toBe('/hooks/standard/1/decision');

    const results: any[] = await appTester(decisionIssued.operation.perform, deliveryBundle(subscription, delivery));
    const decision = (await hub.request('GET', `/v1/verifications/${id}`)).json.decision;
    expect(results).toEqual([{ ...decision, event_id: headerOf(delivery, 'x-keybs-delivery') }]);
    expect(results[0]).toMatchObject({ verification_id: id, status: 'completed', external_ref: 'SUP-hook' });
  });

  it('refuses a delivery whose body was tampered with, or that carries no signature', async () => {
    const tampered = {
      ...delivery,
      body: delivery.body.replace('"external_ref":"SUP-hook"', '"external_ref":"SUP-evil"'),
    };
    expect(tampered.body).not.toBe(delivery.body);
    const error = await zapierError(
      appTester(decisionIssued.operation.perform, deliveryBundle(subscription, tampered)),
    );
    expect(error).toMatchObject({ code: 'webhook_signature_mismatch', status: 401 });

    const unsigned = { body: delivery.body, headers: { 'content-type': 'application/json' } };
    const missing = await zapierError(
      appTester(decisionIssued.operation.perform, deliveryBundle(subscription, unsigned)),
    );
    expect(missing.code).toBe('webhook_missing_headers');

    const otherSecret = { ...subscription, secret: 'whsec_c29tZW9uZSBlbHNlJ3Mgc2VjcmV0' };
    const wrongKey = await zapierError(
      appTester(decisionIssued.operation.perform, deliveryBundle(otherSecret, delivery)),
    );
    expect(wrongKey.code).toBe('webhook_signature_mismatch');
  });

  it("triggers nothing on the hub's signed test ping", async () => {
    await hub.request('POST', `/v1/webhooks/${subscription.id}/test`);
    const ping = await zapier.waitFor((rs) => rs.find((r) => headerOf(r, 'x-keybs-event') === 'webhook.test'));
    expect(await appTester(decisionIssued.operation.perform, deliveryBundle(subscription, ping))).toEqual([]);
  });

  it('offers recent decisions as samples', async () => {
    const samples: any[] = await appTester(decisionIssued.operation.performList, { authData: authFor(hub) });
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0]).toMatchObject({ status: 'completed', recommendation: expect.any(String) });
  });

  it('unsubscribes by deleting the endpoint; deleting it again is not an error', async () => {
    const bundle = { authData: authFor(hub), subscribeData: subscription };
    expect(await appTester(decisionIssued.operation.performUnsubscribe, bundle)).toEqual({
      id: subscription.id,
      object: 'webhook_endpoint',
      deleted: true,
    });
    expect((await hub.request('GET', `/v1/webhooks/${subscription.id}`)).status).toBe(404);
    await expect(appTester(decisionIssued.operation.performUnsubscribe, bundle)).resolves.toMatchObject({
      deleted: true,
    });
  });
});

describe('the status_changed REST hook', () => {
  it('delivers each status change of an order, verified, to the Zap', async () => {
    const targetUrl = `${zapier.url}/hooks/standard/1/status`;
    const subscription: any = await appTester(statusChanged.operation.performSubscribe, {
      authData: authFor(hub),
      targetUrl,
    });
    expect(subscription.events).toEqual(['status_changed']);

    const ordered = await hub.request('POST', '/v1/verifications', { body: { ...ORDER, external_ref: 'SUP-status' } });
    const id = ordered.json.verification_id as string;
    // Enhanced orders wait for an analyst; the test helper decides the review at once.
    await eventually(async () => {
      const v = (await hub.request('GET', `/v1/verifications/${id}`)).json;
      return v.status === 'in_review' ? v : undefined;
    }, 15_000);
    await hub.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
    const completed = await deliveryOf(
      'verification.status_changed',
      id,
      (r) => JSON.parse(r.body).status === 'completed',
    );

    const results: any[] = await appTester(statusChanged.operation.perform, deliveryBundle(subscription, completed));
    expect(results).toEqual([
      expect.objectContaining({
        verification_id: id,
        status: 'completed',
        previous_status: 'in_review',
        external_ref: 'SUP-status',
        event_id: headerOf(completed, 'x-keybs-delivery'),
      }),
    ]);

    const samples: any[] = await appTester(statusChanged.operation.performList, { authData: authFor(hub) });
    expect(samples.find((s) => s.verification_id === id)).toMatchObject({ status: 'completed' });

    await appTester(statusChanged.operation.performUnsubscribe, {
      authData: authFor(hub),
      subscribeData: subscription,
    });
    expect((await hub.request('GET', `/v1/webhooks/${subscription.id}`)).status).toBe(404);
  });
});
