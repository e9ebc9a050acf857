import { z } from 'zod';
import { Timestamp } from './common.js';

/** Subscriptions a webhook endpoint can take, and the `X-KeyBS-Event` each delivers. */
export const WEBHOOK_SUBSCRIPTIONS = ['status_changed', 'decision_issued'] as const;
export const WebhookSubscription = z.enum(WEBHOOK_SUBSCRIPTIONS);
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const EVENT_FOR_SUBSCRIPTION = {
  status_changed: 'verification.status_changed',
  decision_issued: 'verification.completed',
} as const satisfies Record<WebhookSubscription, string>;

/** The event name of the ping sent by `POST /v1/webhooks/:id/test`. */
export const TEST_EVENT = 'webhook.test';

const Events = z
  .array(WebhookSubscription)
  .min(1)
  .refine((e) => new Set(e).size === e.length, 'must not repeat an event');

export const CreateWebhookRequest = z
  .object({
    url: z.string().min(1),
    events: Events,
    description: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'CreateWebhookRequest' });
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequest>;

export const UpdateWebhookRequest = z
  .object({
    url: z.string().min(1).optional(),
    events: Events.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
  })
  .strict()
  .meta({ id: 'UpdateWebhookRequest' });
export type UpdateWebhookRequest = z.input<typeof UpdateWebhookRequest>;

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    events: z.array(WebhookSubscription),
    description: z.string().nullable(),
    status: z.enum(['enabled', 'disabled']),
    /** Why the hub disabled it (`gone` after a 410, `failing` after 5 days of failures), or null. */
    disabled_reason: z.string().nullable(),
    livemode: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
    /** Only in the responses of create and rotate-secret. */
    secret: z.string().optional(),
    /** While a rotated secret still signs alongside the new one. */
    previous_secret_expires_at: Timestamp.nullable(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const DeliveryAttempt = z
  .object({
    attempt: z.number().int(),
    attempted_at: Timestamp,
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int(),
    error: z.string().nullable(),
    /** The first 2 KB of the receiver's answer. */
    response_body: z.string().nullable(),
  })
  .meta({ id: 'DeliveryAttempt' });

export const WebhookDelivery = z
  .object({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    endpoint_id: z.string(),
    /** The `X-KeyBS-Delivery` header: the same on every attempt. */
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempt_count: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    created_at: Timestamp,
    attempts: z.array(DeliveryAttempt),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const ReplayRequest = z
  .object({ since: z.iso.datetime({ offset: true }) })
  .strict()
  .meta({ id: 'ReplayRequest' });

export const ReplayResult = z.object({
  object: z.literal('webhook_replay'),
  endpoint_id: z.string(),
  since: Timestamp,
  deliveries: z.number().int(),
});

export const DeletedObject = z.object({ id: z.string(), object: z.string(), deleted: z.literal(true) });
