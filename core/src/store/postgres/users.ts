import type { UserRecord, UserStore } from '../user-store.js';
import type { PgDb } from './db.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRecord['role'];
  password_hash: string;
  failed_sign_ins: number;
  locked_until: number | null;
  created_at: number;
  disabled_at: number | null;
}

const fromRow = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  failedSignIns: r.failed_sign_ins,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const COLUMNS: Record<string, string> = {
  passwordHash: 'password_hash',
  failedSignIns: 'failed_sign_ins',
  lockedUntil: 'locked_until',
  disabledAt: 'disabled_at',
  role: 'role',
  name: 'name',
};

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
