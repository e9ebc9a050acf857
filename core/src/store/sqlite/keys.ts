import type Database from 'better-sqlite3';
import type { ApiKeyRecord } from '../records.js';
import { fromRow, type KeyRow } from '../rows/keys.js';
import type { KeyStore } from '../store.js';

export function sqliteKeyStore(db: Database.Database): KeyStore {
  const insert = db.prepare(`INSERT INTO api_keys
    (id, name, env, scopes, prefix, secret_hash, created_at, expires_at, revoked_at, last_used_at, rotated_to)
    VALUES (@id, @name, @env, @scopes, @prefix, @secretHash, @createdAt, @expiresAt, @revokedAt, @lastUsedAt, @rotatedTo)`);
  const byHash = db.prepare('SELECT * FROM api_keys WHERE secret_hash = ?');
  const byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
  const all = db.prepare('SELECT * FROM api_keys ORDER BY created_at, id');
  const count = db.prepare('SELECT count(*) AS n FROM api_keys');
  const expire = db.prepare(
    'UPDATE api_keys SET expires_at = min(coalesce(expires_at, @at), @at), rotated_to = @to WHERE id = @id',
  );
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  const row = (k: ApiKeyRecord) => ({ ...k, scopes: JSON.stringify(k.scopes) });
  const rotate = db.transaction((oldId: string, at: number, successor: ApiKeyRecord) => {
    insert.run(row(successor));
    expire.run({ id: oldId, at, to: successor.id });
  });

  // Authentication reads a key on every request: keep them in memory, and drop the cache whenever this
  // connection changes a key or another connection (the CLI) commits anything (SQLite's data_version).
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const cache = new Map<string, ApiKeyRecord | undefined>();
  let seenVersion = -1;
  const fresh = () => {
    const version = dataVersion.get() as number;
    if (version !== seenVersion) {
      cache.clear();
      seenVersion = version;
    }
  };

  return {
    async insert(key) {
      insert.run(row(key));
      cache.clear();
    },
    async findByHash(hash) {
      fresh();
      if (cache.has(hash)) return cache.get(hash);
      const r = byHash.get(hash) as KeyRow | undefined;
      const key = r && fromRow(r);
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, key);
      return key;
    },
    async get(id) {
      const r = byId.get(id) as KeyRow | undefined;
      return r && fromRow(r);
    },
    async list() {
      return (all.all() as KeyRow[]).map(fromRow);
    },
    async count() {
      return (count.get() as { n: number }).n;
    },
    async rotate(oldId, expiresAt, successor) {
      rotate.immediate(oldId, expiresAt, successor);
      cache.clear();
    },
    async revoke(id, at) {
      revoke.run(at, id);
      cache.clear();
    },
    async touch(id, at) {
      touch.run(at, id);
    },
  };
}
