import type Database from 'better-sqlite3';
import type { IdempotencyClaim, IdempotencyCompletion, IdempotencyRequest } from '../records.js';
import type { IdempotencyStore } from '../store.js';

interface IdemRow {
  fingerprint: string;
  locked_until: number | null;
  status: number | null;
  body: string | null;
  request_id: string | null;
  created_at: number;
}

/** Writes a finished response for a key; usable inside another store transaction. */
export function idempotencyCompleter(db: Database.Database): (done: IdempotencyCompletion) => void {
  const complete = db.prepare(
    'UPDATE idempotency_keys SET status = ?, body = ?, request_id = ?, locked_until = NULL WHERE env = ? AND key = ?',
  );
  return (d) => {
    complete.run(d.response.status, d.response.body, d.response.requestId, d.env, d.key);
  };
}

/** The claim of a key (see IdempotencyStore.claim); usable inside another store transaction. */
export function idempotencyClaimer(
  db: Database.Database,
  options: { write: boolean } = { write: true },
): (req: IdempotencyRequest) => IdempotencyClaim {
  const get = db.prepare('SELECT * FROM idempotency_keys WHERE env = ? AND key = ?');
  const upsert = db.prepare(`INSERT INTO idempotency_keys (env, key, fingerprint, locked_until, created_at)
    VALUES (@env, @key, @fingerprint, @lockUntil, @now)
    ON CONFLICT (env, key) DO UPDATE SET fingerprint = excluded.fingerprint,
      locked_until = excluded.locked_until, status = NULL, body = NULL, request_id = NULL, created_at = excluded.created_at`);
  const relock = db.prepare('UPDATE idempotency_keys SET locked_until = ? WHERE env = ? AND key = ?');
  return (req) => {
    const row = get.get(req.env, req.key) as IdemRow | undefined;
    if (!row || row.created_at < req.expiredBefore) {
      if (options.write) upsert.run(req);
      return { kind: 'acquired' };
    }
    if (row.fingerprint !== req.fingerprint) return { kind: 'mismatch' };
    if (row.status !== null && row.body !== null) {
      return { kind: 'replay', response: { status: row.status, body: row.body, requestId: row.request_id ?? '' } };
    }
    // Still running, unless its holder crashed and the lock ran out: then this request takes over.
    if (row.locked_until !== null && row.locked_until > req.now) return { kind: 'in_progress' };
    if (options.write) relock.run(req.lockUntil, req.env, req.key);
    return { kind: 'acquired' };
  };
}

export function sqliteIdempotencyStore(db: Database.Database): IdempotencyStore {
  const release = db.prepare('DELETE FROM idempotency_keys WHERE env = ? AND key = ? AND status IS NULL');
  const purge = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ? AND status IS NOT NULL');
  const complete = idempotencyCompleter(db);

  const claim = db.transaction(idempotencyClaimer(db));
  const peek = idempotencyClaimer(db, { write: false });

  return {
    async claim(req) {
      return claim.immediate(req);
    },
    async peek(req) {
      return peek(req);
    },
    async complete(done) {
      complete(done);
    },
    async release(env, key) {
      release.run(env, key);
    },
    async purge(before) {
      return purge.run(before).changes;
    },
  };
}
