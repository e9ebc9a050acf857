import type { PluginDeliveryRecord, PluginRecord } from '../plugin-store.js';
import type { EventRecord } from '../records.js';

export interface DeliveryRow {
  plugin: string;
  event_seq: number;
  event_id: string;
  event_type: EventRecord['type'];
  livemode: boolean;
  order_key: string;
  status: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  queued_at: number;
  updated_at: number;
}

export const deliveryFromRow = (r: DeliveryRow): PluginDeliveryRecord => ({
  plugin: r.plugin,
  eventSeq: r.event_seq,
  eventId: r.event_id,
  eventType: r.event_type,
  livemode: r.livemode,
  orderKey: r.order_key,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lockedUntil: r.locked_until,
  lastError: r.last_error,
  queuedAt: r.queued_at,
  updatedAt: r.updated_at,
});

export interface RecordRow {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
}

export const recordFromRow = (r: RecordRow): PluginRecord => ({
  key: r.key,
  value: JSON.parse(r.value) as unknown,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface CursorRow {
  seq: number;
  delivered: number;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

/** An event as the fan-out reads it. */
export interface EventRef {
  seq: number;
  id: string;
  type: string;
  livemode: boolean;
  verification_id: string | null;
}

export const wanted = (types: readonly string[] | null, type: string) => types === null || types.includes(type);

/** Queues one event for a plugin unless it is queued already; returns rows written (0 or 1). */
export const QUEUE = `INSERT INTO plugin_deliveries
  (plugin, event_seq, event_id, event_type, livemode, order_key, status, attempts, next_attempt_at, queued_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $7) ON CONFLICT (plugin, event_seq) DO NOTHING`;
export const queueValues = (plugin: string, e: EventRef, now: number): unknown[] => [
  plugin,
  e.seq,
  e.id,
  e.type,
  e.livemode,
  e.verification_id ?? e.id,
  now,
];
