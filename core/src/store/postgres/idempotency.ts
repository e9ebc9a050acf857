import type { IdempotencyClaim, IdempotencyCompletion, IdempotencyRequest } from '../records.js';
import type { IdempotencyStore } from '../store.js';
import type { PgDb, Sql } from './db.js';

interface IdemRow {
  fingerprint: string;
  locked_until: number | null;
  status: number | null;
  body: string | null;
  request_id: string | null;
  created_at: number;
}

/** Writes a finished response for a key; usable inside another store transaction. */
export async function completeIdempotency(sql: Sql, d: IdempotencyCompletion): Promise<void> {
  await sql.run(
    'UPDATE idempotency_keys SET status = $1, body = $2, request_id = $3, locked_until = NULL WHERE env = $4 AND key = $5',
    [d.response.status, d.response.body, d.response.requestId, d.env, d.key],
  );
}

/** What a claim answers for the key's row as it stands (undefined: absent or expired, so free to take). */
function judge(row: IdemRow | undefined, req: IdempotencyRequest): IdempotencyClaim | 'free' | 'takeover' {
  if (!row || row.created_at < req.expiredBefore) return 'free';
  if (row.fingerprint !== req.fingerprint) return { kind: 'mismatch' };
  if (row.status !== null && row.body !== null) {
    return { kind: 'replay', response: { status: row.status, body: row.body, requestId: row.request_id ?? '' } };
  }
  // Still running, unless its holder crashed and the lock ran out: then this request takes over.
  if (row.locked_until !== null && row.locked_until > req.now) return { kind: 'in_progress' };
  return 'takeover';
}

/**
 * Claims a key inside the caller's transaction. The row is read FOR UPDATE, so two processes claiming the same
 * key at once are serialized: the second sees the first's claim once it commits. An absent key is inserted
 * with ON CONFLICT DO NOTHING; losing that race means another transaction inserted it, so we read it again.
 */
export async function claimIdempotency(sql: Sql, req: IdempotencyRequest): Promise<IdempotencyClaim> {
  for (;;) {
    const [row] = await sql.query<IdemRow>('SELECT * FROM idempotency_keys WHERE env = $1 AND key = $2 FOR UPDATE', [
      req.env,
      req.key,
    ]);
    const verdict = judge(row, req);
    if (verdict === 'takeover') {
      await sql.run('UPDATE idempotency_keys SET locked_until = $1 WHERE env = $2 AND key = $3', [
        req.lockUntil,
        req.env,
        req.key,
      ]);
      return { kind: 'acquired' };
    }
    if (verdict !== 'free') return verdict;
    const written = row
      ? await sql.run(
          `UPDATE idempotency_keys SET fingerprint = $3, locked_until = $4, status = NULL, body = NULL,
            request_id = NULL, created_at = $5 WHERE env = $1 AND key = $2`,
          [req.env, req.key, req.fingerprint, req.lockUntil, req.now],
        )
      : await sql.run(
          `INSERT INTO idempotency_keys (env, key, fingerprint, locked_until, created_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (env, key) DO NOTHING`,
          [req.env, req.key, req.fingerprint, req.lockUntil, req.now],
        );
    if (written === 1) return { kind: 'acquired' };
  }
}

export function pgIdempotencyStore(db: PgDb): IdempotencyStore {
  return {
    async claim(req) {
      return db.tx((sql) => claimIdempotency(sql, req));
    },
    async peek(req) {
      const row = await db.one<IdemRow>('SELECT * FROM idempotency_keys WHERE env = $1 AND key = $2', [
        req.env,
        req.key,
      ]);
      const verdict = judge(row, req);
      return verdict === 'free' || verdict === 'takeover' ? { kind: 'acquired' } : verdict;
    },
    async complete(done) {
      await completeIdempotency(db, done);
    },
    async release(env, key) {
      await db.run('DELETE FROM idempotency_keys WHERE env = $1 AND key = $2 AND status IS NULL', [env, key]);
    },
    async purge(before) {
      return db.run('DELETE FROM idempotency_keys WHERE created_at < $1 AND status IS NOT NULL', [before]);
    },
  };
}
