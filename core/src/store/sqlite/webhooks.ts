import { EVENT_FOR_SUBSCRIPTION, type WebhookSubscription } from '@keybs/contract';
import type Database from 'better-sqlite3';
import type { AttemptRecord, ClaimedDelivery, WebhookEndpointRecord } from '../webhook-records.js';
import type { WebhookStore } from '../webhook-store.js';
import { sqliteWebhookEndpoints } from './webhook-endpoints.js';
import {
  type AttemptRow,
  attemptFromRow,
  type DeliveryRow,
  deliveryFromRow,
  type EndpointRow,
  endpointFromRow,
} from './webhook-rows.js';

const SUBSCRIPTION_FOR_EVENT = new Map<string, WebhookSubscription>(
  Object.entries(EVENT_FOR_SUBSCRIPTION).map(([sub, event]) => [event, sub as WebhookSubscription]),
);
const CURSOR = 'webhooks';

/** Enabled endpoints with due work: one indexed probe per endpoint, never a scan of the due deliveries. */
export const DUE_ENDPOINTS_SQL = `SELECT w.id AS endpointId FROM webhook_endpoints w
  WHERE w.status = 'enabled' AND w.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM webhook_deliveries d INDEXED BY webhook_deliveries_claim
    WHERE d.endpoint_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= @now
      AND (d.locked_until IS NULL OR d.locked_until <= @now))`;

/** The next due deliveries of one endpoint, read in index order (no sort), with their event's body. */
export const CLAIMABLE_SQL = `SELECT d.*, e.payload AS event_payload
  FROM webhook_deliveries d INDEXED BY webhook_deliveries_claim
  LEFT JOIN events e ON e.id = d.event_id
  WHERE d.endpoint_id = @endpoint AND d.status = 'pending' AND d.next_attempt_at <= @now
    AND (d.locked_until IS NULL OR d.locked_until <= @now)
  ORDER BY d.next_attempt_at LIMIT @limit`;

export function sqliteWebhookStore(db: Database.Database): WebhookStore {
  const enabledEndpoints = db.prepare(
    `SELECT * FROM webhook_endpoints WHERE status = 'enabled' AND deleted_at IS NULL`,
  );
  const cursor = db.prepare('SELECT seq FROM cursors WHERE name = ?');
  const setCursor = db.prepare(
    'INSERT INTO cursors (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq',
  );
  const eventsAfter = db.prepare(
    'SELECT seq, id, type, livemode, verification_id FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const eventsSince = db.prepare(
    'SELECT seq, id, type, livemode, verification_id FROM events WHERE livemode = ? AND created_at >= ? ORDER BY seq',
  );
  const routedTo = db.prepare('SELECT webhook_endpoint_id AS endpoint FROM verifications WHERE id = ?');
  const DELIVERY_COLUMNS = [
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
  ];
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS.join(', ')}) VALUES (${DELIVERY_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const dueEndpoints = db.prepare(DUE_ENDPOINTS_SQL);
  const claimable = db.prepare(CLAIMABLE_SQL);
  const lock = db.prepare('UPDATE webhook_deliveries SET locked_until = ? WHERE id = ?');
  const endpointById = db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?');
  const insertAttempt = db.prepare(`INSERT INTO webhook_attempts
    (delivery_id, attempt, attempted_at, status_code, latency_ms, error, response_body)
    VALUES (@deliveryId, @attempt, @attemptedAt, @statusCode, @latencyMs, @error, @responseBody)`);
  const finishAttempt = db.prepare(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,
    locked_until = NULL, updated_at = ? WHERE id = ?`);
  const setFailing = db.prepare('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?');
  const disable = db.prepare(`UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = ?, updated_at = ?
    WHERE id = ? AND status = 'enabled'`);
  const getDelivery = db.prepare('SELECT * FROM webhook_deliveries WHERE id = ? AND endpoint_id = ?');
  // A delivery in flight keeps its lock: its attempt is already under way.
  const requeue =
    db.prepare(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, updated_at = @now
    WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)`);
  const deliverySeq = db.prepare('SELECT seq FROM webhook_deliveries WHERE id = ? AND endpoint_id = ?');
  const listDeliveries = db.prepare(`SELECT * FROM webhook_deliveries WHERE endpoint_id = @endpoint AND seq < @before
    ORDER BY seq DESC LIMIT @limit`);
  const purgeAttempts = db.prepare('DELETE FROM webhook_attempts WHERE attempted_at < ?');
  const purgeDeliveries = db.prepare("DELETE FROM webhook_deliveries WHERE status != 'pending' AND updated_at < ?");
  const nextDue = db.prepare(`SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d
    JOIN webhook_endpoints w ON w.id = d.endpoint_id
    WHERE d.status = 'pending' AND w.status = 'enabled' AND w.deleted_at IS NULL`);

  interface EventRef {
    seq: number;
    id: string;
    type: string;
    livemode: number;
    verification_id: string | null;
  }

  /** Deliveries for one event: the endpoints of its environment subscribed to it, or its routed endpoint only. */
  const targetsOf = (event: EventRef, endpoints: WebhookEndpointRecord[]) => {
    const subscription = SUBSCRIPTION_FOR_EVENT.get(event.type);
    if (!subscription) return [];
    const routed = event.verification_id
      ? ((routedTo.get(event.verification_id) as { endpoint: string | null } | undefined)?.endpoint ?? null)
      : null;
    return endpoints.filter(
      (e) =>
        e.livemode === (event.livemode === 1) &&
        e.events.includes(subscription) &&
        (routed === null || routed === e.id),
    );
  };

  const deliveryRow = (event: EventRef, endpointId: string, now: number, id: string) => ({
    id,
    endpoint_id: endpointId,
    event_id: event.id,
    event_type: event.type,
    livemode: event.livemode,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    payload: null,
    created_at: now,
    updated_at: now,
  });

  const fanOut = db.transaction((now: number, limit: number, newId: () => string) => {
    const from = (cursor.get(CURSOR) as { seq: number } | undefined)?.seq ?? 0;
    const events = eventsAfter.all(from, limit) as EventRef[];
    const last = events.at(-1);
    if (!last) return 0;
    const endpoints = (enabledEndpoints.all() as EndpointRow[]).map(endpointFromRow);
    for (const event of events) {
      for (const target of targetsOf(event, endpoints)) insertDelivery.run(deliveryRow(event, target.id, now, newId()));
    }
    setCursor.run(CURSOR, last.seq);
    return events.length;
  });

  const replay = db.transaction((endpoint: WebhookEndpointRecord, since: number, now: number, newId: () => string) => {
    let count = 0;
    for (const event of eventsSince.all(endpoint.livemode ? 1 : 0, since) as EventRef[]) {
      if (targetsOf(event, [endpoint]).length === 0) continue;
      insertDelivery.run(deliveryRow(event, endpoint.id, now, newId()));
      count++;
    }
    return count;
  });

  const claim = db.transaction((endpointId: string, now: number, lockUntil: number, limit: number) => {
    const rows = claimable.all({ endpoint: endpointId, now, limit }) as (DeliveryRow & {
      event_payload: string | null;
    })[];
    if (rows.length === 0) return [];
    const endpoint = endpointFromRow(endpointById.get(endpointId) as EndpointRow);
    const claimed: ClaimedDelivery[] = [];
    for (const r of rows) {
      const body = r.payload ?? r.event_payload;
      if (body === null) {
        // Its event is gone (purged): nothing can ever be sent.
        finishAttempt.run('failed', r.attempts, null, now, r.id);
        continue;
      }
      lock.run(lockUntil, r.id);
      claimed.push({ delivery: { ...deliveryFromRow(r), lockedUntil: lockUntil }, endpoint, body });
    }
    return claimed;
  });

  const recordAttempt = db.transaction(
    (deliveryId: string, endpointId: string, o: Parameters<WebhookStore['recordAttempt']>[2], now: number) => {
      insertAttempt.run(o.attempt);
      finishAttempt.run(o.status, o.attempt.attempt, o.nextAttemptAt, now, deliveryId);
      setFailing.run(o.endpoint.failingSince, endpointId);
      if (o.endpoint.disable) disable.run(o.endpoint.disable, now, endpointId);
    },
  );

  const page = <R>(rows: R[], limit: number) => ({ data: rows.slice(0, limit), hasMore: rows.length > limit });

  return {
    ...sqliteWebhookEndpoints(db),
    async fanOut(now, limit, newId) {
      return fanOut.immediate(now, limit, newId);
    },
    async replay(endpoint, since, now, newId) {
      return replay.immediate(endpoint, since, now, newId);
    },
    async insertDelivery(d) {
      insertDelivery.run({
        id: d.id,
        endpoint_id: d.endpointId,
        event_id: d.eventId,
        event_type: d.eventType,
        livemode: d.livemode ? 1 : 0,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        locked_until: d.lockedUntil,
        payload: d.payload,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      });
    },
    async dueEndpoints(now) {
      return dueEndpoints.all({ now }) as { endpointId: string }[];
    },
    async claim(endpointId, now, lockUntil, limit) {
      return claim.immediate(endpointId, now, lockUntil, limit);
    },
    async recordAttempt(deliveryId, endpointId, outcome, now) {
      recordAttempt.immediate(deliveryId, endpointId, outcome, now);
    },
    async getDelivery(endpointId, id) {
      const r = getDelivery.get(id, endpointId) as DeliveryRow | undefined;
      return r && deliveryFromRow(r);
    },
    async requeue(id, now) {
      requeue.run({ now, id });
    },
    async listDeliveries(endpointId, limit, startingAfter) {
      let before = Number.MAX_SAFE_INTEGER;
      if (startingAfter) {
        const anchor = deliverySeq.get(startingAfter, endpointId) as { seq: number } | undefined;
        if (!anchor) return undefined;
        before = anchor.seq;
      }
      const rows = listDeliveries.all({ endpoint: endpointId, before, limit: limit + 1 }) as DeliveryRow[];
      return page(rows.map(deliveryFromRow), limit);
    },
    async attemptsFor(ids) {
      const map = new Map<string, AttemptRecord[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return map;
      const rows = db
        .prepare(
          `SELECT * FROM webhook_attempts WHERE delivery_id IN (${ids.map(() => '?').join(',')}) ORDER BY attempt`,
        )
        .all(...ids) as AttemptRow[];
      for (const r of rows) map.get(r.delivery_id)?.push(attemptFromRow(r));
      return map;
    },
    async purge(before) {
      return db.transaction(() => purgeAttempts.run(before).changes + purgeDeliveries.run(before).changes).immediate();
    },
    async nextDue() {
      return (nextDue.get() as { at: number | null }).at;
    },
  };
}
