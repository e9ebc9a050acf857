import type { CreateWebhookRequest, List, UpdateWebhookRequest } from '@keybs/contract';
import {
  DeletedObject as DeletedObjectSchema,
  type DeliveryAttempt as DeliveryAttemptSchema,
  listOf,
  ReplayResult as ReplayResultSchema,
  verifyWebhook,
  WebhookDelivery,
  WebhookEndpoint,
} from '@keybs/contract';
import type { z } from 'zod';
import { paginate } from '../paginate.js';
import type { Transport } from '../transport.js';
import type { PostOptions } from './verifications.js';

/** One attempt of a delivery: when, the receiver's status code (null when none), latency, error. */
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;
/** The answer to `replay`: how many deliveries were queued. */
export type ReplayResult = z.infer<typeof ReplayResultSchema>;
/** The answer to `del`: `{ id, object: 'webhook_endpoint', deleted: true }`. */
export type DeletedObject = z.infer<typeof DeletedObjectSchema>;

export interface ListWebhooksParams {
  /** 1–100, default 20. */
  limit?: number;
  /** An endpoint `id` (`we_…`): return the page after it. */
  starting_after?: string;
}

export interface ListDeliveriesParams {
  /** 1–100, default 20. */
  limit?: number;
  /** A delivery `id` (`del_…`): return the page after it. */
  starting_after?: string;
}

const WebhookEndpointList = listOf(WebhookEndpoint);
const WebhookDeliveryList = listOf(WebhookDelivery);

const endpointPath = (id: string): string => `/v1/webhooks/${encodeURIComponent(id)}`;

/** `since` as the hub takes it: RFC 3339, whole seconds when the Date has no milliseconds. */
function rfc3339(since: string | Date): string {
  if (typeof since === 'string') return since;
  if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
    throw new TypeError('KeyBs: webhooks.replay: since must be an RFC 3339 string or a valid Date.');
  }
  return since.toISOString().replace(/\.000Z$/, 'Z');
}

/** Webhook endpoints (`/v1/webhooks`), their deliveries, and the verifier for what they receive. */
export class Webhooks {
  /** Verifies a delivery from its raw body, headers and secret: the same function as `verifyWebhook`. */
  readonly verify: typeof verifyWebhook = verifyWebhook;

  constructor(private readonly transport: Transport) {}

  /**
   * Registers an endpoint (`POST /v1/webhooks`). The answer's `secret` (`whsec_…`) is shown only here
   * (and by `rotateSecret`): store it to verify deliveries.
   */
  create(body: CreateWebhookRequest, opts: PostOptions = {}): Promise<WebhookEndpoint> {
    return this.transport.request({
      method: 'POST',
      path: '/v1/webhooks',
      body,
      idempotencyKey: opts.idempotencyKey,
      schema: WebhookEndpoint,
      schemaName: 'WebhookEndpoint',
    });
  }

  /** One page of endpoints. */
  list(params: ListWebhooksParams = {}): Promise<List<WebhookEndpoint>> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/webhooks',
      query: { ...params },
      schema: WebhookEndpointList,
      schemaName: 'list of WebhookEndpoint',
    });
  }

  /** Every endpoint, fetching page after page as the loop asks for more. */
  async *listAll(params: ListWebhooksParams = {}): AsyncGenerator<WebhookEndpoint, void, undefined> {
    yield* paginate(
      params,
      (p) => this.list(p),
      (e) => e.id,
    );
  }

  /** One endpoint (without its secret). */
  retrieve(id: string): Promise<WebhookEndpoint> {
    return this.transport.request({
      method: 'GET',
      path: endpointPath(id),
      schema: WebhookEndpoint,
      schemaName: 'WebhookEndpoint',
    });
  }

  /** Changes the URL, events or description, or disables / re-enables it (`status`). */
  update(id: string, body: UpdateWebhookRequest, opts: PostOptions = {}): Promise<WebhookEndpoint> {
    return this.transport.request({
      method: 'PATCH',
      path: endpointPath(id),
      body,
      idempotencyKey: opts.idempotencyKey,
      schema: WebhookEndpoint,
      schemaName: 'WebhookEndpoint',
    });
  }

  /** Deletes the endpoint; no more deliveries go to it. */
  del(id: string, opts: PostOptions = {}): Promise<DeletedObject> {
    return this.transport.request({
      method: 'DELETE',
      path: endpointPath(id),
      idempotencyKey: opts.idempotencyKey,
      schema: DeletedObjectSchema,
      schemaName: 'DeletedObject',
    });
  }

  /**
   * Issues a new `secret`. For 24 h deliveries are signed with both the new and the old one, so verify
   * with `secret: [oldSecret, newSecret]` until `previous_secret_expires_at`.
   */
  rotateSecret(id: string, opts: PostOptions = {}): Promise<WebhookEndpoint> {
    return this.transport.request({
      method: 'POST',
      path: `${endpointPath(id)}/rotate-secret`,
      idempotencyKey: opts.idempotencyKey,
      schema: WebhookEndpoint,
      schemaName: 'WebhookEndpoint',
    });
  }

  /** Queues a signed `webhook.test` ping to the endpoint; follow it with `listDeliveries`. */
  sendTest(id: string, opts: PostOptions = {}): Promise<WebhookDelivery> {
    return this.transport.request({
      method: 'POST',
      path: `${endpointPath(id)}/test`,
      idempotencyKey: opts.idempotencyKey,
      schema: WebhookDelivery,
      schemaName: 'WebhookDelivery',
    });
  }

  /** One page of the endpoint's deliveries, newest first, each with every attempt. */
  listDeliveries(id: string, params: ListDeliveriesParams = {}): Promise<List<WebhookDelivery>> {
    return this.transport.request({
      method: 'GET',
      path: `${endpointPath(id)}/deliveries`,
      query: { ...params },
      schema: WebhookDeliveryList,
      schemaName: 'list of WebhookDelivery',
    });
  }

  /** Sends a delivery again now, whatever its state, with the same `X-KeyBS-Delivery`. */
  retryDelivery(id: string, deliveryId: string, opts: PostOptions = {}): Promise<WebhookDelivery> {
    return this.transport.request({
      method: 'POST',
      path: `${endpointPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
      idempotencyKey: opts.idempotencyKey,
      schema: WebhookDelivery,
      schemaName: 'WebhookDelivery',
    });
  }

  /**
   * Re-sends, as new deliveries, every event since `since` (up to 14 days back) that the endpoint
   * subscribes to. A Date is sent as RFC 3339 in UTC; an invalid Date rejects with a `TypeError`.
   */
  async replay(id: string, since: string | Date, opts: PostOptions = {}): Promise<ReplayResult> {
    const body = { since: rfc3339(since) };
    return await this.transport.request({
      method: 'POST',
      path: `${endpointPath(id)}/replay`,
      body,
      idempotencyKey: opts.idempotencyKey,
      schema: ReplayResultSchema,
      schemaName: 'ReplayResult',
    });
  }
}
