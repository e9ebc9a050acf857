import {
  type AttemptRow,
  attemptFromRow,
  endpointToRow,
  deliveryFromRow as fromSqliteDelivery,
  endpointFromRow as fromSqliteEndpoint,
  type DeliveryRow as SqliteDeliveryRow,
  type EndpointRow as SqliteEndpointRow,
} from '../sqlite/webhook-rows.js';
import type { DeliveryRecord, WebhookEndpointRecord } from '../webhook-records.js';

/** The SQLite backend's webhook rows and mappings, except that `livemode` is a BOOLEAN here. */
export type EndpointRow = Omit<SqliteEndpointRow, 'livemode'> & { livemode: boolean };
export type DeliveryRow = Omit<SqliteDeliveryRow, 'livemode'> & { livemode: boolean };
export { type AttemptRow, attemptFromRow };

export const endpointFromRow = (r: EndpointRow): WebhookEndpointRecord =>
  fromSqliteEndpoint({ ...r, livemode: r.livemode ? 1 : 0 });
export const deliveryFromRow = (r: DeliveryRow): DeliveryRecord =>
  fromSqliteDelivery({ ...r, livemode: r.livemode ? 1 : 0 });

export const ENDPOINT_COLUMNS = Object.keys(endpointToRow({} as WebhookEndpointRecord));
export const endpointValues = (e: WebhookEndpointRecord, columns: readonly string[]): unknown[] => {
  const row: Record<string, unknown> = { ...endpointToRow(e), livemode: e.livemode };
  return columns.map((c) => row[c]);
};

export const DELIVERY_COLUMNS = [
  'id',
  'endpoint_id',
  'event_id',
  'event_type',
  'livemode',
  'status',
  'attempts',
  'next_attempt_at',
  'locked_until',
  'payload',
  'created_at',
  'updated_at',
] as const;

export const INSERT_DELIVERY = `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS.join(', ')})
  VALUES (${DELIVERY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

export const deliveryValues = (d: DeliveryRecord): unknown[] => [
  d.id,
  d.endpointId,
  d.eventId,
  d.eventType,
  d.livemode,
  d.status,
  d.attempts,
  d.nextAttemptAt,
  d.lockedUntil,
  d.payload,
  d.createdAt,
  d.updatedAt,
];
