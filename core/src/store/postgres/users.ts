import { COLUMNS, fromRow, type UserRow } from '../rows/users.js';
import type { UserStore } from '../user-store.js';
import type { PgDb } from './db.js';

/** The users table; emails compare case-insensitively (the unique index is on lower(email)). */
export function pgUserStore(db: PgDb): UserStore {
  return {
    async insert(u) {
      const n = await db.run(
        `INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
          ON CONFLICT DO NOTHING`,
        [u.id, u.email, u.name, u.role, u.passwordHash, u.createdAt],
      );
      return n === 1;
    },
    async byEmail(email) {
      const r = await db.one<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
      return r && fromRow(r);
    },
    async byId(id) {
      const r = await db.one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
      return r && fromRow(r);
    },
    async list() {
      return (await db.query<UserRow>('SELECT * FROM users ORDER BY seq')).map(fromRow);
    },
    async update(id, patch) {
      const entries = Object.entries(patch).filter(([k]) => COLUMNS[k] !== undefined);
      if (entries.length === 0) return;
      const sets = entries.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`).join(', ');
      await db.run(`UPDATE users SET ${sets} WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
    },
    async leastLoadedAnalyst() {
      return db.one<{ name: string; open: number }>(
        `SELECT u.name, (SELECT count(*) FROM verifications v
            WHERE v.status = 'in_review' AND v.assigned_reviewer = u.name) AS open
          FROM users u WHERE u.role = 'analyst' AND u.disabled_at IS NULL ORDER BY open, u.seq LIMIT 1`,
      );
    },
  };
}
