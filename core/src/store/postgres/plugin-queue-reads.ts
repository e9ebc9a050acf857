import type { PluginStore } from '../plugin-store.js';
import type { PgDb } from './db.js';
import { type CursorRow, type DeliveryRow, deliveryFromRow } from './plugin-rows.js';

type QueueReads = Pick<PluginStore, 'names' | 'nextDue' | 'stats' | 'seqAt'>;

/** Read-only views of the plugin queues: counters for the console and metrics, dead letters. */
export function pluginQueueReads(db: PgDb): QueueReads {
  return {
    async names() {
      return (await db.query<{ plugin: string }>('SELECT plugin FROM plugin_cursors ORDER BY plugin')).map(
        (r) => r.plugin,
      );
    },
    async nextDue(plugin) {
      const r = await db.one<{ at: number | null }>(
        "SELECT min(next_attempt_at) AS at FROM plugin_deliveries WHERE plugin = $1 AND status = 'pending'",
        [plugin],
      );
      return r?.at ?? null;
    },
    // One REPEATABLE READ snapshot: the counters and the dead letters agree.
    stats(plugin, options = {}) {
      const livemode = options.livemode ?? null;
      const deadLimit = options.deadLetters ?? 0;
      return db.snapshot(async (sql) => {
        const [cursor] = await sql.query<CursorRow>('SELECT * FROM plugin_cursors WHERE plugin = $1', [plugin]);
        const [head] = await sql.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM events');
        const [counts] = await sql.query<{ pending: number; retrying: number; dead: number; oldest: number | null }>(
          `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
              count(*) FILTER (WHERE status = 'pending' AND attempts > 0) AS retrying,
              count(*) FILTER (WHERE status = 'dead') AS dead,
              min(queued_at) FILTER (WHERE status = 'pending') AS oldest
            FROM plugin_deliveries WHERE plugin = $1 AND ($2::boolean IS NULL OR livemode = $2::boolean)`,
          [plugin, livemode],
        );
        const dead =
          deadLimit > 0
            ? await sql.query<DeliveryRow>(
                `SELECT * FROM plugin_deliveries WHERE plugin = $1 AND status = 'dead'
                  AND ($2::boolean IS NULL OR livemode = $2::boolean) ORDER BY event_seq DESC LIMIT $3`,
                [plugin, livemode, deadLimit],
              )
            : [];
        return {
          cursor: cursor?.seq ?? 0,
          head: head?.seq ?? 0,
          delivered: cursor?.delivered ?? 0,
          pending: counts?.pending ?? 0,
          retrying: counts?.retrying ?? 0,
          dead: counts?.dead ?? 0,
          oldestPendingAt: counts?.oldest ?? null,
          lastSuccessAt: cursor?.last_success_at ?? null,
          lastError: cursor?.last_error ?? null,
          lastErrorAt: cursor?.last_error_at ?? null,
          recentDead: dead.map(deliveryFromRow),
        };
      });
    },
    async seqAt(at) {
      const r = await db.one<{ seq: number | null }>('SELECT min(seq) AS seq FROM events WHERE created_at >= $1', [at]);
      return r?.seq ?? null;
    },
  };
}
