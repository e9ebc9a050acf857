import type Database from 'better-sqlite3';
import { COLUMNS, fromRow, type UserRow } from '../rows/users.js';
import type { UserStore } from '../user-store.js';

/** The users table. */
export function sqliteUserStore(db: Database.Database): UserStore {
  const insert = db.prepare(`INSERT INTO users (id, email, name, role, password_hash, created_at)
    VALUES (@id, @email, @name, @role, @passwordHash, @createdAt) ON CONFLICT DO NOTHING`);
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const list = db.prepare('SELECT * FROM users ORDER BY seq');
  const leastLoaded = db.prepare(`SELECT u.name, (SELECT count(*) FROM verifications v
      WHERE v.status = 'in_review' AND v.assigned_reviewer = u.name) AS open
    FROM users u WHERE u.role = 'analyst' AND u.disabled_at IS NULL ORDER BY open, u.seq LIMIT 1`);
  return {
    async insert(user) {
      return insert.run(user).changes === 1;
    },
    async byEmail(email) {
      const r = byEmail.get(email) as UserRow | undefined;
      return r && fromRow(r);
    },
    async byId(id) {
      const r = byId.get(id) as UserRow | undefined;
      return r && fromRow(r);
    },
    async list() {
      return (list.all() as UserRow[]).map(fromRow);
    },
    async update(id, patch) {
      const keys = Object.keys(patch).filter((k) => COLUMNS[k] !== undefined);
      if (keys.length === 0) return;
      const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ');
      db.prepare(`UPDATE users SET ${sets} WHERE id = @id`).run({ ...patch, id });
    },
    async leastLoadedAnalyst() {
      return leastLoaded.get() as { name: string; open: number } | undefined;
    },
  };
}
