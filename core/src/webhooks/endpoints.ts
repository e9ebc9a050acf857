import { randomBytes } from 'node:crypto';
import {
  type CreateWebhookRequest,
  TEST_EVENT,
  type UpdateWebhookRequest,
  type WebhookSubscription,
} from '@keybs/contract';
import type { SecretBox } from '../crypto/master-key.js';
import type { Clock } from '../domain/clock.js';
import { rfc3339 } from '../domain/clock.js';
import { ApiError, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { AttemptRecord, DeliveryRecord, WebhookEndpointRecord } from '../store/webhook-records.js';
import type { WebhookStore } from '../store/webhook-store.js';
import { checkWebhookTarget, parseWebhookUrl } from './ssrf.js';

export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
export const REPLAY_WINDOW_MS = 14 * 86_400_000;

export interface DeliveryView {
  delivery: DeliveryRecord;
  attempts: AttemptRecord[];
}

/** `whsec_` + base64 of 24 random bytes: usable as is (KeyBS header) and decoded (Standard Webhooks). */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Managing webhook endpoints: registration with SSRF checks, secrets, test pings, deliveries, replay. */
export class WebhookEndpoints {
  constructor(
    private readonly store: WebhookStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly allowPrivate: boolean,
    private readonly changed: () => void,
  ) {}

  async create(
    livemode: boolean,
    input: CreateWebhookRequest,
  ): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    const url = await this.checkUrl(livemode, input.url);
    const now = this.clock.now();
    const id = newId('we');
    const secret = newSecret();
    const endpoint: WebhookEndpointRecord = {
      id,
      livemode,
      url,
      events: input.events as WebhookSubscription[],
      description: input.description ?? null,
      status: 'enabled',
      disabledReason: null,
      secret: this.box.seal(secret, id),
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.store.insertEndpoint(endpoint);
    return { endpoint, secret };
  }

  async get(livemode: boolean, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.store.getEndpoint(livemode, id);
    if (!endpoint) throw notFound('webhook endpoint', id);
    return endpoint;
  }

  async list(livemode: boolean, limit: number, startingAfter?: string) {
    const page = await this.store.listEndpoints(livemode, limit, startingAfter);
    if (!page) throw notFound('webhook endpoint', startingAfter ?? '', 'starting_after');
    return page;
  }

  async update(livemode: boolean, id: string, patch: UpdateWebhookRequest): Promise<WebhookEndpointRecord> {
    const current = await this.get(livemode, id);
    const next: WebhookEndpointRecord = {
      ...current,
      ...(patch.url !== undefined && { url: await this.checkUrl(livemode, patch.url) }),
      ...(patch.events !== undefined && { events: patch.events as WebhookSubscription[] }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.status !== undefined && {
        status: patch.status,
        disabledReason: patch.status === 'enabled' ? null : 'by_user',
        failingSince: patch.status === 'enabled' ? null : current.failingSince,
      }),
      updatedAt: this.clock.now(),
    };
    await this.store.updateEndpoint(next);
    if (next.status === 'enabled') this.changed();
    return next;
  }

  async remove(livemode: boolean, id: string): Promise<void> {
    const current = await this.get(livemode, id);
    const now = this.clock.now();
    await this.store.updateEndpoint({
      ...current,
      status: 'disabled',
      disabledReason: 'deleted',
      deletedAt: now,
      updatedAt: now,
    });
  }

  /** A new secret; the old one keeps signing alongside it for 24 h so receivers can switch without downtime. */
  async rotateSecret(livemode: boolean, id: string): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    const current = await this.get(livemode, id);
    const now = this.clock.now();
    const secret = newSecret();
    const endpoint: WebhookEndpointRecord = {
      ...current,
      secret: this.box.seal(secret, id),
      previousSecret: current.secret,
      previousSecretExpiresAt: now + ROTATION_OVERLAP_MS,
      updatedAt: now,
    };
    await this.store.updateEndpoint(endpoint);
    return { endpoint, secret };
  }

  /** Queues a `webhook.test` ping to the endpoint (not written to the event log). */
  async sendTest(livemode: boolean, id: string): Promise<DeliveryView> {
    const endpoint = await this.get(livemode, id);
    const now = this.clock.now();
    const eventId = newId('evt');
    const delivery: DeliveryRecord = {
      id: newId('del'),
      endpointId: endpoint.id,
      eventId,
      eventType: TEST_EVENT,
      livemode,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      payload: JSON.stringify({
        id: eventId,
        type: TEST_EVENT,
        endpoint_id: endpoint.id,
        livemode,
        message: 'Test delivery from KeyBS Hub: your endpoint receives and verifies signed deliveries.',
        created_at: rfc3339(now),
      }),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insertDelivery(delivery);
    this.changed();
    return { delivery, attempts: [] };
  }

  async deliveries(livemode: boolean, id: string, limit: number, startingAfter?: string) {
    await this.get(livemode, id);
    const page = await this.store.listDeliveries(id, limit, startingAfter);
    if (!page) throw notFound('delivery', startingAfter ?? '', 'starting_after');
    const attempts = await this.store.attemptsFor(page.data.map((d) => d.id));
    return {
      data: page.data.map((delivery) => ({ delivery, attempts: attempts.get(delivery.id) ?? [] })),
      hasMore: page.hasMore,
    };
  }

  /** Sends a delivery again now, whatever its state; it keeps its `X-KeyBS-Delivery`. */
  async retry(livemode: boolean, endpointId: string, deliveryId: string): Promise<DeliveryView> {
    await this.get(livemode, endpointId);
    const found = await this.store.getDelivery(endpointId, deliveryId);
    if (!found) throw notFound('delivery', deliveryId);
    const now = this.clock.now();
    await this.store.requeue(deliveryId, now);
    this.changed();
    const attempts = (await this.store.attemptsFor([deliveryId])).get(deliveryId) ?? [];
    return { delivery: { ...found, status: 'pending', nextAttemptAt: now, lockedUntil: null }, attempts };
  }

  /** Re-sends the endpoint's events since `since` (at most 14 days back) as new deliveries. */
  async replay(livemode: boolean, id: string, since: number): Promise<number> {
    const endpoint = await this.get(livemode, id);
    const now = this.clock.now();
    if (since < now - REPLAY_WINDOW_MS) {
      throw new ApiError('validation_failed', 'since: replay reaches back at most 14 days.', 'since');
    }
    if (since > now) throw new ApiError('validation_failed', 'since: must not be in the future.', 'since');
    const count = await this.store.replay(endpoint, since, now, () => newId('del'));
    if (count > 0) this.changed();
    return count;
  }

  private async checkUrl(livemode: boolean, raw: string): Promise<string> {
    const opts = { livemode, allowPrivate: this.allowPrivate };
    const parsed = parseWebhookUrl(raw, opts);
    const checked = parsed.ok ? await checkWebhookTarget(parsed.url, opts) : parsed;
    if (!checked.ok) {
      const code = checked.kind === 'invalid' ? 'invalid_webhook_url' : 'webhook_url_forbidden';
      throw new ApiError(code, `${checked.reason}.`, 'url');
    }
    return raw;
  }
}
