import type { SigningKeyRecord } from '../report-store.js';

// Row shapes and mappers of the reports tables, the same in the SQLite and PostgreSQL stores.

export interface KeyRow {
  kid: string;
  public_jwk: string;
  sealed_private: string;
  created_at: number;
  retired_at: number | null;
}

export const keyFromRow = (r: KeyRow): SigningKeyRecord => ({
  kid: r.kid,
  publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>,
  sealedPrivate: r.sealed_private,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});
