import { EVENT_FOR_SUBSCRIPTION, type WebhookSubscription } from '@keybs/contract';
import type { AttemptRecord, ClaimedDelivery, DeliveryRecord, WebhookEndpointRecord } from '../webhook-records.js';
import type { WebhookStore } from '../webhook-store.js';
import type { PgDb, Sql } from './db.js';
import { insertMany } from './insert-many.js';
import { pgWebhookEndpoints } from './webhook-endpoints.js';
import {
  type AttemptRow,
  attemptFromRow,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  deliveryFromRow,
  deliveryValues,
  type EndpointRow,
  endpointFromRow,
  INSERT_DELIVERY,
} from './webhook-rows.js';

const SUBSCRIPTION_FOR_EVENT = new Map<string, WebhookSubscription>(
  Object.entries(EVENT_FOR_SUBSCRIPTION).map(([sub, event]) => [event, sub as WebhookSubscription]),
);
const CURSOR = 'webhooks';

interface EventRef {
  seq: number;
  id: string;
  type: string;
  livemode: boolean;
  verification_id: string | null;
  /** The endpoint the event's verification routes to, if any. */
  routed: string | null;
}

/** Events with the endpoint their verification routes to (one query instead of one per event). */
const EVENT_REFS = `SELECT e.seq, e.id, e.type, e.livemode, e.verification_id, v.webhook_endpoint_id AS routed
  FROM events e LEFT JOIN verifications v ON v.id = e.verification_id`;

/** The endpoints of the event's environment subscribed to it, or only its routed endpoint. */
const targetsOf = (event: EventRef, endpoints: WebhookEndpointRecord[]) => {
  const subscription = SUBSCRIPTION_FOR_EVENT.get(event.type);
  if (!subscription) return [];
  return endpoints.filter(
    (e) =>
      e.livemode === event.livemode &&
      e.events.includes(subscription) &&
      (event.routed === null || event.routed === e.id),
  );
};

const newDelivery = (event: EventRef, endpointId: string, now: number, id: string): DeliveryRecord => ({
  id,
  endpointId,
  eventId: event.id,
  eventType: event.type,
  livemode: event.livemode,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: now,
  lockedUntil: null,
  payload: null,
  createdAt: now,
  updatedAt: now,
});

const finish = (sql: Sql, id: string, status: string, attempts: number, next: number | null, now: number) =>
  sql.run(
    `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, locked_until = NULL,
      updated_at = $5 WHERE id = $1`,
    [id, status, attempts, next, now],
  );

/**
 * Webhook deliveries on PostgreSQL. Several hub processes may dispatch at once: fan-out holds the cursor row
 * lock (one process moves it at a time), and `claim` takes due deliveries FOR UPDATE SKIP LOCKED and leases
 * them (`locked_until`), so each delivery is worked by one process; a dead process's lease simply expires.
 */
export function pgWebhookStore(db: PgDb): WebhookStore {
  const enabled = async (sql: Sql) =>
    (
      await sql.query<EndpointRow>(`SELECT * FROM webhook_endpoints WHERE status = 'enabled' AND deleted_at IS NULL`)
    ).map(endpointFromRow);

  return {
    ...pgWebhookEndpoints(db),
    async fanOut(now, limit, newId) {
      return db.tx(async (sql) => {
        // One process moves the cursor at a time; the others find it taken and leave the work to it.
        await sql.run('INSERT INTO cursors (name, seq) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [CURSOR]);
        const [cursor] = await sql.query<{ seq: number }>(
          'SELECT seq FROM cursors WHERE name = $1 FOR UPDATE SKIP LOCKED',
          [CURSOR],
        );
        if (!cursor) return 0;
        const events = await sql.query<EventRef>(`${EVENT_REFS} WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`, [
          cursor?.seq ?? 0,
          limit,
        ]);
        const last = events.at(-1);
        if (!last) return 0;
        const endpoints = await enabled(sql);
        const deliveries = events.flatMap((event) =>
          targetsOf(event, endpoints).map((target) => deliveryValues(newDelivery(event, target.id, now, newId()))),
        );
        await insertMany(sql, 'webhook_deliveries', DELIVERY_COLUMNS, deliveries);
        await sql.run('UPDATE cursors SET seq = $2 WHERE name = $1', [CURSOR, last.seq]);
        return events.length;
      });
    },
    async replay(endpoint, since, now, newId) {
      return db.tx(async (sql) => {
        const events = await sql.query<EventRef>(
          `${EVENT_REFS} WHERE e.livemode = $1 AND e.created_at >= $2 ORDER BY e.seq`,
          [endpoint.livemode, since],
        );
        let count = 0;
        for (const event of events) {
          if (targetsOf(event, [endpoint]).length === 0) continue;
          await sql.run(INSERT_DELIVERY, deliveryValues(newDelivery(event, endpoint.id, now, newId())));
          count++;
        }
        return count;
      });
    },
    async insertDelivery(d) {
      await db.run(INSERT_DELIVERY, deliveryValues(d));
    },
    async dueEndpoints(now) {
      return db.query<{ endpointId: string }>(
        `SELECT w.id AS "endpointId" FROM webhook_endpoints w
          WHERE w.status = 'enabled' AND w.deleted_at IS NULL AND EXISTS (
            SELECT 1 FROM webhook_deliveries d
            WHERE d.endpoint_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= $1
              AND (d.locked_until IS NULL OR d.locked_until <= $1))`,
        [now],
      );
    },
    async claim(endpointId, now, lockUntil, limit) {
      // One statement: pick due deliveries no other process holds (SKIP LOCKED), lease them, return them with
      // their event's payload.
      const rows = await db.query<DeliveryRow & { event_payload: string | null }>(
        `WITH picked AS (
            SELECT id FROM webhook_deliveries
              WHERE endpoint_id = $1 AND status = 'pending' AND next_attempt_at <= $2
                AND (locked_until IS NULL OR locked_until <= $2)
              ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED),
          leased AS (
            UPDATE webhook_deliveries d SET locked_until = $4 FROM picked WHERE d.id = picked.id RETURNING d.*)
          SELECT leased.*, e.payload AS event_payload FROM leased LEFT JOIN events e ON e.id = leased.event_id
            ORDER BY leased.next_attempt_at`,
        [endpointId, now, limit, lockUntil],
      );
      if (rows.length === 0) return [];
      const endpointRow = await db.one<EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = $1', [endpointId]);
      if (!endpointRow) return [];
      const endpoint = endpointFromRow(endpointRow);
      const claimed: ClaimedDelivery[] = [];
      for (const r of rows) {
        const body = r.payload ?? r.event_payload;
        // Its event is gone (purged): nothing can ever be sent.
        if (body === null) await finish(db, r.id, 'failed', r.attempts, null, now);
        else claimed.push({ delivery: deliveryFromRow(r), endpoint, body });
      }
      return claimed;
    },
    async recordAttempt(deliveryId, endpointId, o, now) {
      // One statement, so one round trip and its own transaction. The endpoint row is written only when its
      // state changes: every delivery to the endpoint would otherwise queue on that row's lock.
      const a = o.attempt;
      await db.run(
        `WITH attempt AS (
            INSERT INTO webhook_attempts
              (delivery_id, attempt, attempted_at, status_code, latency_ms, error, response_body)
              VALUES ($1, $2, $3, $4, $5, $6, $7)),
          delivery AS (
            UPDATE webhook_deliveries SET status = $8, attempts = $2, next_attempt_at = $9, locked_until = NULL,
              updated_at = $10 WHERE id = $11)
          UPDATE webhook_endpoints SET failing_since = $12::bigint,
            status = CASE WHEN $13::text IS NOT NULL AND status = 'enabled' THEN 'disabled' ELSE status END,
            disabled_reason = CASE WHEN $13::text IS NOT NULL AND status = 'enabled' THEN $13::text ELSE disabled_reason END,
            updated_at = CASE WHEN $13::text IS NOT NULL AND status = 'enabled' THEN $10 ELSE updated_at END
          WHERE id = $14 AND (failing_since IS DISTINCT FROM $12::bigint OR ($13::text IS NOT NULL AND status = 'enabled'))`,
        [
          a.deliveryId,
          a.attempt,
          a.attemptedAt,
          a.statusCode,
          a.latencyMs,
          a.error,
          a.responseBody,
          o.status,
          o.nextAttemptAt,
          now,
          deliveryId,
          o.endpoint.failingSince,
          o.endpoint.disable ?? null,
          endpointId,
        ],
      );
    },
    async getDelivery(endpointId, id) {
      const r = await db.one<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2', [
        id,
        endpointId,
      ]);
      return r && deliveryFromRow(r);
    },
    async requeue(id, now) {
      // A delivery in flight keeps its lock: its attempt is already under way.
      await db.run(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, updated_at = $2
          WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)`,
        [id, now],
      );
    },
    async listDeliveries(endpointId, limit, startingAfter) {
      let before = Number.MAX_SAFE_INTEGER;
      if (startingAfter) {
        const anchor = await db.one<{ seq: number }>(
          'SELECT seq FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2',
          [startingAfter, endpointId],
        );
        if (!anchor) return undefined;
        before = anchor.seq;
      }
      const rows = await db.query<DeliveryRow>(
        `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
        [endpointId, before, limit + 1],
      );
      return { data: rows.slice(0, limit).map(deliveryFromRow), hasMore: rows.length > limit };
    },
    async attemptsFor(ids) {
      const map = new Map<string, AttemptRecord[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return map;
      const rows = await db.query<AttemptRow>(
        'SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY attempt',
        [ids],
      );
      for (const r of rows) map.get(r.delivery_id)?.push(attemptFromRow(r));
      return map;
    },
    async purge(before) {
      return db.tx(
        async (sql) =>
          (await sql.run('DELETE FROM webhook_attempts WHERE attempted_at < $1', [before])) +
          (await sql.run("DELETE FROM webhook_deliveries WHERE status != 'pending' AND updated_at < $1", [before])),
      );
    },
    async nextDue() {
      const r = await db.one<{ at: number | null }>(
        `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d
          JOIN webhook_endpoints w ON w.id = d.endpoint_id
          WHERE d.status = 'pending' AND w.status = 'enabled' AND w.deleted_at IS NULL`,
      );
      return r?.at ?? null;
    },
  };
}
