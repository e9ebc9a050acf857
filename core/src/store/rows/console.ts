import type { ConsoleSessionRecord } from '../console-store.js';

// Row shapes and mappers of the console tables, the same in the SQLite and PostgreSQL stores.

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  flash: string | null;
}

export const fromRow = (r: SessionRow): ConsoleSessionRecord => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  flash: r.flash,
});

export const DAY_MS = 86_400_000;
