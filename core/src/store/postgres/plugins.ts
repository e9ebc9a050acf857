import type { ClaimedPluginEvent, PluginStore } from '../plugin-store.js';
import type { PgDb, Sql } from './db.js';
import { type EventRow, eventFromRow } from './events.js';
import { pluginQueueReads } from './plugin-queue-reads.js';
import { pluginRecords } from './plugin-records.js';
import {
  type CursorRow,
  type DeliveryRow,
  deliveryFromRow,
  type EventRef,
  QUEUE,
  queueValues,
  wanted,
} from './plugin-rows.js';

/** The plugin's cursor row, created if new and locked FOR UPDATE: one process moves a cursor at a time. */
async function lockCursor(sql: Sql, plugin: string): Promise<number> {
  await sql.run('INSERT INTO plugin_cursors (plugin) VALUES ($1) ON CONFLICT (plugin) DO NOTHING', [plugin]);
  const [row] = await sql.query<CursorRow>('SELECT * FROM plugin_cursors WHERE plugin = $1 FOR UPDATE', [plugin]);
  return row?.seq ?? 0;
}

const EVENT_REF = 'SELECT seq, id, type, livemode, verification_id FROM events';

/**
 * The plugin host's cursors and delivery queues on PostgreSQL. Several processes may run the same plugin:
 * fan-out holds the cursor row lock, and `claim` takes deliveries FOR UPDATE SKIP LOCKED and leases them
 * (`locked_until`), so each delivery is handed to one process at a time and a dead process's lease expires.
 */
export function pgPluginStore(db: PgDb): PluginStore {
  return {
    ...pluginQueueReads(db),
    ...pluginRecords(db),
    async fanOut(plugin, types, now, limit) {
      return db.tx(async (sql) => {
        const from = await lockCursor(sql, plugin);
        const events = await sql.query<EventRef>(`${EVENT_REF} WHERE seq > $1 ORDER BY seq LIMIT $2`, [from, limit]);
        const last = events.at(-1);
        if (!last) return 0;
        for (const e of events) if (wanted(types, e.type)) await sql.run(QUEUE, queueValues(plugin, e, now));
        await sql.run('UPDATE plugin_cursors SET seq = $1 WHERE plugin = $2', [last.seq, plugin]);
        return events.length;
      });
    },
    async claim(plugin, now, lockUntil, limit) {
      return db.tx(async (sql) => {
        // The earliest pending delivery of each order key, if due and not leased by an attempt in flight.
        const rows = await sql.query<DeliveryRow>(
          `SELECT d.* FROM plugin_deliveries d
            WHERE d.plugin = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2
              AND (d.locked_until IS NULL OR d.locked_until <= $2)
              AND NOT EXISTS (SELECT 1 FROM plugin_deliveries e WHERE e.plugin = d.plugin
                AND e.order_key = d.order_key AND e.status = 'pending' AND e.event_seq < d.event_seq)
            ORDER BY d.event_seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [plugin, now, limit],
        );
        if (rows.length === 0) return [];
        const seqs = rows.map((r) => r.event_seq);
        await sql.run('UPDATE plugin_deliveries SET locked_until = $1 WHERE plugin = $2 AND event_seq = ANY($3)', [
          lockUntil,
          plugin,
          seqs,
        ]);
        const events = await sql.query<EventRow>('SELECT * FROM events WHERE seq = ANY($1)', [seqs]);
        const bySeq = new Map(events.map((e) => [e.seq, eventFromRow(e)]));
        const claimed: ClaimedPluginEvent[] = [];
        for (const r of rows) {
          const event = bySeq.get(r.event_seq);
          if (!event) continue;
          const delivery = { ...deliveryFromRow(r), lockedUntil: lockUntil };
          claimed.push({ delivery, event, abandoned: r.locked_until !== null });
        }
        return claimed;
      });
    },
    async succeed(plugin, seqs, now) {
      if (seqs.length === 0) return;
      await db.tx(async (sql) => {
        await sql.run('DELETE FROM plugin_deliveries WHERE plugin = $1 AND event_seq = ANY($2)', [plugin, seqs]);
        await sql.run('UPDATE plugin_cursors SET delivered = delivered + $1, last_success_at = $2 WHERE plugin = $3', [
          seqs.length,
          now,
          plugin,
        ]);
      });
    },
    async fail(plugin, failures, now) {
      await db.tx(async (sql) => {
        for (const f of failures) {
          await sql.run(
            `UPDATE plugin_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, locked_until = NULL,
              last_error = $6, updated_at = $7 WHERE plugin = $1 AND event_seq = $2`,
            [
              plugin,
              f.eventSeq,
              f.nextAttemptAt === null ? 'dead' : 'pending',
              f.attempts,
              f.nextAttemptAt ?? now,
              f.error,
              now,
            ],
          );
        }
        const last = failures.at(-1);
        if (last) {
          await sql.run('UPDATE plugin_cursors SET last_error = $1, last_error_at = $2 WHERE plugin = $3', [
            last.error,
            now,
            plugin,
          ]);
        }
      });
    },
    async replayDead(plugin, now, eventIds) {
      const revive = `UPDATE plugin_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1,
        locked_until = NULL, updated_at = $1 WHERE plugin = $2 AND status = 'dead'`;
      if (!eventIds) return db.run(revive, [now, plugin]);
      return db.run(`${revive} AND event_id = ANY($3)`, [now, plugin, eventIds]);
    },
    async replayFrom(plugin, fromSeq, types, now) {
      return db.tx(async (sql) => {
        const to = await lockCursor(sql, plugin);
        const events = await sql.query<EventRef>(`${EVENT_REF} WHERE seq >= $1 AND seq <= $2 ORDER BY seq`, [
          fromSeq,
          to,
        ]);
        let count = 0;
        for (const e of events) if (wanted(types, e.type)) count += await sql.run(QUEUE, queueValues(plugin, e, now));
        return count;
      });
    },
  };
}
