import type Database from 'better-sqlite3';
import type { ClaimedPluginEvent, PluginDeliveryRecord, PluginQueueStats, PluginStore } from '../plugin-store.js';
import type { EventRecord } from '../records.js';

interface DeliveryRow {
  plugin: string;
  event_seq: number;
  event_id: string;
  event_type: EventRecord['type'];
  livemode: number;
  order_key: string;
  status: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  queued_at: number;
  updated_at: number;
}

interface EventRow {
  seq: number;
  id: string;
  type: EventRecord['type'];
  livemode: number;
  verification_id: string | null;
  payload: string;
  created_at: number;
}

const deliveryFromRow = (r: DeliveryRow): PluginDeliveryRecord => ({
  plugin: r.plugin,
  eventSeq: r.event_seq,
  eventId: r.event_id,
  eventType: r.event_type,
  livemode: r.livemode === 1,
  orderKey: r.order_key,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lockedUntil: r.locked_until,
  lastError: r.last_error,
  queuedAt: r.queued_at,
  updatedAt: r.updated_at,
});

const eventFromRow = (r: EventRow): EventRecord => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  livemode: r.livemode === 1,
  verificationId: r.verification_id,
  payload: JSON.parse(r.payload),
  createdAt: r.created_at,
});

/** Events read past a cursor in one fan-out; a plugin far behind catches up in several passes. */
const wanted = (types: readonly string[] | null, type: string) => types === null || types.includes(type);

// The earliest pending delivery of each order key, if it is due and not locked by an attempt in flight.
// INDEXED BY: left to itself SQLite checks "an earlier event of the same verification" through the primary key,
// reading every earlier delivery of the plugin for each candidate (quadratic in a backlog: 10,000 decisions
// took 195 s and stalled the API); the order index answers it with one probe.
export const PLUGIN_CLAIMABLE_SQL = `SELECT d.* FROM plugin_deliveries d
  WHERE d.plugin = @plugin AND d.status = 'pending' AND d.next_attempt_at <= @now
    AND (d.locked_until IS NULL OR d.locked_until <= @now)
    AND NOT EXISTS (SELECT 1 FROM plugin_deliveries e INDEXED BY plugin_deliveries_order
      WHERE e.plugin = d.plugin AND e.order_key = d.order_key AND e.status = 'pending' AND e.event_seq < d.event_seq)
  ORDER BY d.event_seq LIMIT @limit`;

export function sqlitePluginStore(db: Database.Database): PluginStore {
  const ensureCursor = db.prepare('INSERT OR IGNORE INTO plugin_cursors (plugin) VALUES (?)');
  const cursorOf = db.prepare('SELECT * FROM plugin_cursors WHERE plugin = ?');
  const eventsAfter = db.prepare(
    'SELECT seq, id, type, livemode, verification_id FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const eventsBetween = db.prepare(
    'SELECT seq, id, type, livemode, verification_id FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq',
  );
  const queue = db.prepare(`INSERT OR IGNORE INTO plugin_deliveries
    (plugin, event_seq, event_id, event_type, livemode, order_key, status, attempts, next_attempt_at, queued_at, updated_at)
    VALUES (@plugin, @seq, @id, @type, @livemode, @order_key, 'pending', 0, @now, @now, @now)`);
  const setCursor = db.prepare('UPDATE plugin_cursors SET seq = ? WHERE plugin = ?');
  const claimable = db.prepare(PLUGIN_CLAIMABLE_SQL);
  const lock = db.prepare('UPDATE plugin_deliveries SET locked_until = ? WHERE plugin = ? AND event_seq = ?');
  const eventBySeq = db.prepare('SELECT * FROM events WHERE seq = ?');
  const remove = db.prepare('DELETE FROM plugin_deliveries WHERE plugin = ? AND event_seq = ?');
  const succeeded = db.prepare(
    'UPDATE plugin_cursors SET delivered = delivered + ?, last_success_at = ? WHERE plugin = ?',
  );
  const failOne = db.prepare(`UPDATE plugin_deliveries SET status = @status, attempts = @attempts,
    next_attempt_at = @next, locked_until = NULL, last_error = @error, updated_at = @now
    WHERE plugin = @plugin AND event_seq = @seq`);
  const failed = db.prepare('UPDATE plugin_cursors SET last_error = ?, last_error_at = ? WHERE plugin = ?');
  const nextDue = db.prepare(
    "SELECT MIN(next_attempt_at) AS at FROM plugin_deliveries WHERE plugin = ? AND status = 'pending'",
  );
  const head = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
  const counts = db.prepare(`SELECT
      SUM(status = 'pending') AS pending, SUM(status = 'pending' AND attempts > 0) AS retrying,
      SUM(status = 'dead') AS dead, MIN(CASE WHEN status = 'pending' THEN queued_at END) AS oldest
    FROM plugin_deliveries WHERE plugin = @plugin AND (@livemode IS NULL OR livemode = @livemode)`);
  const dead = db.prepare(`SELECT * FROM plugin_deliveries WHERE plugin = @plugin AND status = 'dead'
    AND (@livemode IS NULL OR livemode = @livemode) ORDER BY event_seq DESC LIMIT @limit`);
  const revive = db.prepare(`UPDATE plugin_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
    locked_until = NULL, updated_at = ? WHERE plugin = ? AND status = 'dead'`);
  const reviveOne = db.prepare(`UPDATE plugin_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
    locked_until = NULL, updated_at = ? WHERE plugin = ? AND status = 'dead' AND event_id = ?`);
  const seqAt = db.prepare('SELECT MIN(seq) AS seq FROM events WHERE created_at >= ?');
  const putRecord = db.prepare(`INSERT INTO plugin_records (plugin, collection, key, value, created_at, updated_at)
    VALUES (@plugin, @collection, @key, @value, @now, @now)
    ON CONFLICT (plugin, collection, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const getRecord = db.prepare('SELECT * FROM plugin_records WHERE plugin = ? AND collection = ? AND key = ?');
  const deleteRecord = db.prepare('DELETE FROM plugin_records WHERE plugin = ? AND collection = ? AND key = ?');
  const listRecords = db.prepare(`SELECT * FROM plugin_records WHERE plugin = @plugin AND collection = @collection
    AND substr(key, 1, length(@prefix)) = @prefix ORDER BY id DESC LIMIT @limit`);

  const fanOut = db.transaction((plugin: string, types: readonly string[] | null, now: number, limit: number) => {
    ensureCursor.run(plugin);
    const from = (cursorOf.get(plugin) as { seq: number }).seq;
    const events = eventsAfter.all(from, limit) as Omit<EventRow, 'payload' | 'created_at'>[];
    const last = events.at(-1);
    if (!last) return 0;
    for (const e of events) {
      if (!wanted(types, e.type)) continue;
      queue.run({
        plugin,
        seq: e.seq,
        id: e.id,
        type: e.type,
        livemode: e.livemode,
        order_key: e.verification_id ?? e.id,
        now,
      });
    }
    setCursor.run(last.seq, plugin);
    return events.length;
  });

  const claim = db.transaction((plugin: string, now: number, lockUntil: number, limit: number) => {
    const claimed: ClaimedPluginEvent[] = [];
    for (const row of claimable.all({ plugin, now, limit }) as DeliveryRow[]) {
      lock.run(lockUntil, plugin, row.event_seq);
      const event = eventBySeq.get(row.event_seq) as EventRow;
      const delivery = { ...deliveryFromRow(row), lockedUntil: lockUntil };
      claimed.push({ delivery, event: eventFromRow(event), abandoned: row.locked_until !== null });
    }
    return claimed;
  });

  const succeed = db.transaction((plugin: string, seqs: number[], now: number) => {
    for (const seq of seqs) remove.run(plugin, seq);
    if (seqs.length > 0) succeeded.run(seqs.length, now, plugin);
  });

  const fail = db.transaction((plugin: string, failures: Parameters<PluginStore['fail']>[1], now: number) => {
    for (const f of failures) {
      failOne.run({
        plugin,
        seq: f.eventSeq,
        status: f.nextAttemptAt === null ? 'dead' : 'pending',
        attempts: f.attempts,
        next: f.nextAttemptAt ?? now,
        error: f.error,
        now,
      });
    }
    const last = failures.at(-1);
    if (last) failed.run(last.error, now, plugin);
  });

  const replayFrom = db.transaction((plugin: string, fromSeq: number, types: readonly string[] | null, now: number) => {
    ensureCursor.run(plugin);
    const to = (cursorOf.get(plugin) as { seq: number }).seq;
    let count = 0;
    for (const e of eventsBetween.all(fromSeq, to) as Omit<EventRow, 'payload' | 'created_at'>[]) {
      if (!wanted(types, e.type)) continue;
      const order_key = e.verification_id ?? e.id;
      count += queue.run({ plugin, seq: e.seq, id: e.id, type: e.type, livemode: e.livemode, order_key, now }).changes;
    }
    return count;
  });

  // One read transaction: the counters and the dead letters come from the same snapshot.
  const stats = db.transaction((plugin: string, livemode: boolean | undefined, deadLimit: number): PluginQueueStats => {
    const cursor = cursorOf.get(plugin) as
      | {
          seq: number;
          delivered: number;
          last_success_at: number | null;
          last_error: string | null;
          last_error_at: number | null;
        }
      | undefined;
    const mode = livemode === undefined ? null : livemode ? 1 : 0;
    const c = counts.get({ plugin, livemode: mode }) as {
      pending: number | null;
      retrying: number | null;
      dead: number | null;
      oldest: number | null;
    };
    const recent = deadLimit > 0 ? (dead.all({ plugin, limit: deadLimit, livemode: mode }) as DeliveryRow[]) : [];
    return {
      cursor: cursor?.seq ?? 0,
      head: (head.get() as { seq: number }).seq,
      delivered: cursor?.delivered ?? 0,
      pending: c.pending ?? 0,
      retrying: c.retrying ?? 0,
      dead: c.dead ?? 0,
      oldestPendingAt: c.oldest,
      lastSuccessAt: cursor?.last_success_at ?? null,
      lastError: cursor?.last_error ?? null,
      lastErrorAt: cursor?.last_error_at ?? null,
      recentDead: recent.map(deliveryFromRow),
    };
  });
  const replayDead = db.transaction((plugin: string, now: number, eventIds?: string[]) => {
    if (!eventIds) return revive.run(now, now, plugin).changes;
    let count = 0;
    for (const id of eventIds) count += reviveOne.run(now, now, plugin, id).changes;
    return count;
  });

  const names = db.prepare('SELECT plugin FROM plugin_cursors ORDER BY plugin');
  return {
    async names() {
      return (names.all() as { plugin: string }[]).map((r) => r.plugin);
    },
    async fanOut(plugin, types, now, limit) {
      return fanOut.immediate(plugin, types, now, limit);
    },
    async claim(plugin, now, lockUntil, limit) {
      return claim.immediate(plugin, now, lockUntil, limit);
    },
    async succeed(plugin, seqs, now) {
      succeed.immediate(plugin, seqs, now);
    },
    async fail(plugin, failures, now) {
      fail.immediate(plugin, failures, now);
    },
    async nextDue(plugin) {
      return (nextDue.get(plugin) as { at: number | null }).at;
    },
    async stats(plugin, options = {}) {
      return stats(plugin, options.livemode, options.deadLetters ?? 0);
    },
    async replayDead(plugin, now, eventIds) {
      return replayDead.immediate(plugin, now, eventIds);
    },
    async replayFrom(plugin, fromSeq, types, now) {
      return replayFrom.immediate(plugin, fromSeq, types, now);
    },
    async seqAt(at) {
      return (seqAt.get(at) as { seq: number | null }).seq;
    },
    async putRecord(plugin, collection, key, value, now) {
      putRecord.run({ plugin, collection, key, value: JSON.stringify(value), now });
    },
    async getRecord(plugin, collection, key) {
      const row = getRecord.get(plugin, collection, key) as RecordRow | undefined;
      return row && recordFromRow(row);
    },
    async deleteRecord(plugin, collection, key) {
      deleteRecord.run(plugin, collection, key);
    },
    async listRecords(plugin, collection, { prefix = '', limit }) {
      return (listRecords.all({ plugin, collection, prefix, limit }) as RecordRow[]).map(recordFromRow);
    },
  };
}

interface RecordRow {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
}

const recordFromRow = (r: RecordRow) => ({
  key: r.key,
  value: JSON.parse(r.value) as unknown,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
