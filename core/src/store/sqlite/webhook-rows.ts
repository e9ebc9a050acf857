import type { AttemptRecord, DeliveryRecord, WebhookEndpointRecord } from '../webhook-records.js';

/** Rows of the webhook tables and their mapping to records. */
export interface EndpointRow {
  id: string;
  livemode: number;
  url: string;
  events: string;
  description: string | null;
  status: WebhookEndpointRecord['status'];
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  livemode: number;
  status: DeliveryRecord['status'];
  attempts: number;
  next_attempt_at: number | null;
  locked_until: number | null;
  payload: string | null;
  created_at: number;
  updated_at: number;
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  attempted_at: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}

export const endpointFromRow = (r: EndpointRow): WebhookEndpointRecord => ({
  id: r.id,
  livemode: r.livemode === 1,
  url: r.url,
  events: JSON.parse(r.events),
  description: r.description,
  status: r.status,
  disabledReason: r.disabled_reason,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretExpiresAt: r.previous_secret_expires_at,
  failingSince: r.failing_since,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const endpointToRow = (e: WebhookEndpointRecord) => ({
  id: e.id,
  livemode: e.livemode ? 1 : 0,
  url: e.url,
  events: JSON.stringify(e.events),
  description: e.description,
  status: e.status,
  disabled_reason: e.disabledReason,
  secret: e.secret,
  previous_secret: e.previousSecret,
  previous_secret_expires_at: e.previousSecretExpiresAt,
  failing_since: e.failingSince,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
  deleted_at: e.deletedAt,
});

export const deliveryFromRow = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  livemode: r.livemode === 1,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lockedUntil: r.locked_until,
  payload: r.payload,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const attemptFromRow = (r: AttemptRow): AttemptRecord => ({
  deliveryId: r.delivery_id,
  attempt: r.attempt,
  attemptedAt: r.attempted_at,
  statusCode: r.status_code,
  latencyMs: r.latency_ms,
  error: r.error,
  responseBody: r.response_body,
});
