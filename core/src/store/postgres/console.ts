import type { ConsoleStore } from '../console-store.js';
import { DAY_MS, fromRow, type SessionRow } from '../rows/console.js';
import type { PgDb } from './db.js';

/** Console sessions and the dashboard's aggregate queries. */
export function pgConsoleStore(db: PgDb): ConsoleStore {
  return {
    async insertSession(s) {
      await db.run(
        `INSERT INTO console_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, flash)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.tokenHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.flash],
      );
    },
    async session(hash) {
      const r = await db.one<SessionRow>('SELECT * FROM console_sessions WHERE token_hash = $1', [hash]);
      return r && fromRow(r);
    },
    async touchSession(hash, at) {
      // The old flash is read from the row as it was before this UPDATE (the FROM self-join sees the old row).
      const r = await db.one<{ flash: string | null }>(
        `UPDATE console_sessions s SET last_seen_at = $2, flash = NULL FROM console_sessions old
          WHERE s.token_hash = $1 AND old.token_hash = s.token_hash RETURNING old.flash`,
        [hash, at],
      );
      return r?.flash ?? null;
    },
    async setFlash(hash, flash) {
      await db.run('UPDATE console_sessions SET flash = $1 WHERE token_hash = $2', [flash, hash]);
    },
    async deleteSession(hash) {
      await db.run('DELETE FROM console_sessions WHERE token_hash = $1', [hash]);
    },
    async purgeSessions(now, idleMs) {
      return db.run('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at <= $1 - $2', [now, idleMs]);
    },
    // One snapshot: the dashboard's figures add up with each other.
    dashboard(livemode, since) {
      return db.snapshot(async (sql) => {
        const [perDay, decisions, turnarounds, statuses] = await Promise.all([
          sql.query<{ day: number; count: number }>(
            `SELECT created_at / ${DAY_MS} AS day, count(*) AS count FROM verifications
            WHERE livemode = $1 AND created_at >= $2 GROUP BY day ORDER BY day`,
            [livemode, since],
          ),
          sql.query<{ recommendation: string; count: number }>(
            `SELECT decision::jsonb ->> 'recommendation' AS recommendation, count(*) AS count FROM verifications
            WHERE livemode = $1 AND decided_at >= $2 AND status = 'completed'
            GROUP BY recommendation ORDER BY recommendation NULLS FIRST`,
            [livemode, since],
          ),
          sql.query<{ tier: number; ms: number }>(
            `SELECT country_tier AS tier, decided_at - created_at AS ms FROM verifications
            WHERE livemode = $1 AND decided_at >= $2 AND status = 'completed'`,
            [livemode, since],
          ),
          sql.query<{ status: string; count: number }>(
            `SELECT status, count(*) AS count FROM verifications WHERE livemode = $1 GROUP BY status ORDER BY status`,
            [livemode],
          ),
        ]);
        return { perDay, decisions, turnarounds, statuses };
      });
    },
  };
}
