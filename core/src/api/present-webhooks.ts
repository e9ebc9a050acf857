import type { WebhookDelivery, WebhookEndpoint } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import type { WebhookEndpointRecord } from '../store/webhook-records.js';
import type { DeliveryView } from '../webhooks/endpoints.js';

export function presentEndpoint(e: WebhookEndpointRecord, now: number, secret?: string): WebhookEndpoint {
  return {
    id: e.id,
    object: 'webhook_endpoint',
    url: e.url,
    events: e.events,
    description: e.description,
    status: e.status,
    disabled_reason: e.disabledReason,
    livemode: e.livemode,
    created_at: rfc3339(e.createdAt),
    updated_at: rfc3339(e.updatedAt),
    ...(secret !== undefined && { secret }),
    previous_secret_expires_at:
      e.previousSecretExpiresAt !== null && e.previousSecretExpiresAt > now ? rfc3339(e.previousSecretExpiresAt) : null,
  };
}

export function presentDelivery({ delivery: d, attempts }: DeliveryView): WebhookDelivery {
  return {
    id: d.id,
    object: 'webhook_delivery',
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempt_count: d.attempts,
    next_attempt_at: d.status === 'pending' && d.nextAttemptAt !== null ? rfc3339(d.nextAttemptAt) : null,
    created_at: rfc3339(d.createdAt),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      attempted_at: rfc3339(a.attemptedAt),
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      response_body: a.responseBody,
    })),
  };
}
