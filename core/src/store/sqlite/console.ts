import type Database from 'better-sqlite3';
import type { ConsoleStore, DashboardCounts } from '../console-store.js';
import { DAY_MS, fromRow, type SessionRow } from '../rows/console.js';

/** Console sessions and the dashboard's aggregate queries. */
export function sqliteConsoleStore(db: Database.Database): ConsoleStore {
  const insert = db.prepare(`INSERT INTO console_sessions
    (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, flash)
    VALUES (@tokenHash, @userId, @csrfToken, @createdAt, @lastSeenAt, @expiresAt, @flash)`);
  const get = db.prepare('SELECT * FROM console_sessions WHERE token_hash = ?');
  const flashOf = db.prepare('SELECT flash FROM console_sessions WHERE token_hash = ?').pluck();
  const touch = db.prepare('UPDATE console_sessions SET last_seen_at = ?, flash = NULL WHERE token_hash = ?');
  const take = db.transaction((hash: string, at: number) => {
    const flash = flashOf.get(hash) as string | null | undefined;
    touch.run(at, hash);
    return flash ?? null;
  });
  const setFlash = db.prepare('UPDATE console_sessions SET flash = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM console_sessions WHERE token_hash = ?');
  const purge = db.prepare('DELETE FROM console_sessions WHERE expires_at <= @now OR last_seen_at <= @now - @idle');
  const perDay = db.prepare(`SELECT created_at / ${DAY_MS} AS day, count(*) AS count FROM verifications
    WHERE livemode = ? AND created_at >= ? GROUP BY day ORDER BY day`);
  const decisions = db.prepare(`SELECT json_extract(decision, '$.recommendation') AS recommendation,
    count(*) AS count FROM verifications WHERE livemode = ? AND decided_at >= ? AND status = 'completed'
    GROUP BY recommendation ORDER BY recommendation`);
  const turnarounds = db.prepare(`SELECT country_tier AS tier, decided_at - created_at AS ms FROM verifications
    WHERE livemode = ? AND decided_at >= ? AND status = 'completed'`);
  const statuses = db.prepare(`SELECT status, count(*) AS count FROM verifications WHERE livemode = ?
    GROUP BY status ORDER BY status`);
  return {
    async insertSession(session) {
      insert.run(session);
    },
    async session(hash) {
      const r = get.get(hash) as SessionRow | undefined;
      return r && fromRow(r);
    },
    async touchSession(hash, at) {
      return take.immediate(hash, at);
    },
    async setFlash(hash, flash) {
      setFlash.run(flash, hash);
    },
    async deleteSession(hash) {
      remove.run(hash);
    },
    async purgeSessions(now, idleMs) {
      return purge.run({ now, idle: idleMs }).changes;
    },
    async dashboard(livemode, since): Promise<DashboardCounts> {
      const mode = livemode ? 1 : 0;
      return {
        perDay: perDay.all(mode, since) as DashboardCounts['perDay'],
        decisions: decisions.all(mode, since) as DashboardCounts['decisions'],
        turnarounds: turnarounds.all(mode, since) as DashboardCounts['turnarounds'],
        statuses: statuses.all(mode) as DashboardCounts['statuses'],
      };
    },
  };
}
