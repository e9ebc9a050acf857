import type { DeletedObject, EventType, WebhookEndpoint, WebhookSubscription } from '@keybs/sdk';
import { verifyWebhook, WebhookVerificationError } from '@keybs/sdk';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { callHub, hubJson } from '../hub.js';
import { throwForHubError } from '../middleware.js';

/** What performSubscribe returns; Zapier keeps it and hands it back as `bundle.subscribeData`. */
export interface SubscribeData {
  id: string;
  url: string;
  events: WebhookSubscription[];
  /** The endpoint's signing secret: the hub shows it only in the create answer. */
  secret: string;
}

/** The `X-KeyBS-Event` each subscription delivers (a `Record`, so a new subscription fails the build). */
export const EVENT_OF: Record<WebhookSubscription, EventType> = {
  status_changed: 'verification.status_changed',
  decision_issued: 'verification.completed',
};

function subscribeDataOf(bundle: Bundle): SubscribeData {
  const data: unknown = bundle.subscribeData;
  if (typeof data === 'object' && data !== null && 'id' in data && 'secret' in data) {
    const { id, secret } = data as Record<string, unknown>;
    if (typeof id === 'string' && typeof secret === 'string') return data as SubscribeData;
  }
  throw new Error('This Zap has no KeyBS webhook subscription: turn the Zap off and on again.');
}

/**
 * Zapier hands the delivery's headers over renamed: `Http-` before all but Content-Type/Length, in
 * Camel-Case (`X-KeyBS-Signature` arrives as `Http-X-Keybs-Signature`). Back to lower-case HTTP names.
 */
export function deliveryHeaders(raw: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    headers[name.toLowerCase().replace(/^http-/, '')] = value;
  }
  return headers;
}

export function subscribe(subscription: WebhookSubscription, label: string) {
  return async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
    if (!bundle.targetUrl) throw new Error('Zapier gave no hook URL to subscribe.');
    const endpoint = await hubJson<WebhookEndpoint>(z, bundle, {
      method: 'POST',
      path: '/v1/webhooks',
      body: { url: bundle.targetUrl, events: [subscription], description: `Zapier: ${label}` },
    });
    if (endpoint.secret === undefined) throw new Error('The hub created the webhook but returned no secret.');
    return { id: endpoint.id, url: endpoint.url, events: endpoint.events, secret: endpoint.secret };
  };
}

/** Deletes the hub endpoint; one already deleted (by hand, in the console) counts as done. */
export async function unsubscribe(z: ZObject, bundle: Bundle): Promise<DeletedObject> {
  const { id } = subscribeDataOf(bundle);
  const response = await callHub<DeletedObject>(z, bundle, {
    method: 'DELETE',
    path: `/v1/webhooks/${encodeURIComponent(id)}`,
    allowErrors: true,
  });
  if (response.status === 404) return { id, object: 'webhook_endpoint', deleted: true };
  throwForHubError(z, response);
  return response.data;
}

/**
 * Verifies one delivery against the subscription's secret on the raw body and returns its payload; a
 * delivery that fails the check is refused with an error, so the Zap does not run on it. Other event
 * types (the `webhook.test` ping) trigger nothing.
 */
export function receive<T extends object>(subscription: WebhookSubscription) {
  return async (z: ZObject, bundle: Bundle): Promise<Array<T & { event_id: string | null }>> => {
    const { secret } = subscribeDataOf(bundle);
    const raw = bundle.rawRequest;
    if (raw?.content === undefined) throw new Error('The delivery reached Zapier without its raw body.');
    const headers = deliveryHeaders(raw.headers);
    let payload: T;
    try {
      payload = verifyWebhook<T>({ body: raw.content, headers, secret });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      throw new z.errors.Error(`Refused a webhook delivery: ${error.message}`, `webhook_${error.reason}`, 401);
    }
    if (headers['x-keybs-event'] !== EVENT_OF[subscription]) return [];
    return [{ ...payload, event_id: headers['x-keybs-delivery'] ?? null }];
  };
}
