import type { ApiKeyRecord } from '../records.js';

// Row shapes and mappers of the keys tables, the same in the SQLite and PostgreSQL stores.

export interface KeyRow {
  id: string;
  name: string | null;
  env: ApiKeyRecord['env'];
  scopes: string;
  prefix: string;
  secret_hash: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  rotated_to: string | null;
}

export const fromRow = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  env: r.env,
  scopes: JSON.parse(r.scopes) as ApiKeyRecord['scopes'],
  prefix: r.prefix,
  secretHash: r.secret_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
  rotatedTo: r.rotated_to,
});
