import type { ApiKeyRecord } from '../records.js';
import { fromRow, type KeyRow } from '../rows/keys.js';
import type { KeyStore } from '../store.js';
import type { PgDb } from './db.js';

const INSERT = `INSERT INTO api_keys
  (id, name, env, scopes, prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at, rotated_to)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
const params = (k: ApiKeyRecord) => [
  k.id,
  k.name,
  k.env,
  JSON.stringify(k.scopes),
  k.prefix,
  k.secretHash,
  k.createdAt,
  k.expiresAt,
  k.revokedAt,
  k.lastUsedAt,
  k.rotatedTo,
];

/**
 * API keys. Unlike the SQLite store there is no in-process cache: another hub process may revoke a key at
 * any moment, and a lookup by the unique secret hash is one index probe.
 */
export function pgKeyStore(db: PgDb): KeyStore {
  return {
    async insert(key) {
      await db.run(INSERT, params(key));
    },
    async findByHash(hash) {
      const r = await db.one<KeyRow>('SELECT * FROM api_keys WHERE secret_hash = $1', [hash]);
      return r && fromRow(r);
    },
    async get(id) {
      const r = await db.one<KeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
      return r && fromRow(r);
    },
    async list() {
      return (await db.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')).map(fromRow);
    },
    async count() {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM api_keys'))?.n ?? 0;
    },
    async rotate(oldId, at, successor) {
      await db.tx(async (sql) => {
        await sql.run(INSERT, params(successor));
        await sql.run(
          `UPDATE api_keys SET expires_at = least(coalesce(expires_at, $2), $2), rotated_to = $3 WHERE id = $1`,
          [oldId, at, successor.id],
        );
      });
    },
    async revoke(id, at) {
      await db.run('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2', [at, id]);
    },
    async touch(id, at) {
      await db.run('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
