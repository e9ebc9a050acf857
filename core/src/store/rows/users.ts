import type { UserRecord } from '../user-store.js';

// Row shapes and mappers of the users tables, the same in the SQLite and PostgreSQL stores.

export interface UserRow {
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

export const fromRow = (r: UserRow): UserRecord => ({
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

export const COLUMNS: Record<string, string> = {
  passwordHash: 'password_hash',
  failedSignIns: 'failed_sign_ins',
  lockedUntil: 'locked_until',
  disabledAt: 'disabled_at',
  role: 'role',
  name: 'name',
};
