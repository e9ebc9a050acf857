import pg from 'pg';
import type { EventRecord, NewEvent } from '../records.js';
import type { EventStore } from '../store.js';
import { EVENT_LOG_LOCK, type PgDb, type Sql, type TxSql } from './db.js';

export interface EventRow {
  seq: number;
  id: string;
  type: EventRecord['type'];
  livemode: boolean;
  verification_id: string | null;
  payload: string;
  created_at: number;
}

export const eventFromRow = (r: EventRow): EventRecord => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  livemode: r.livemode,
  verificationId: r.verification_id,
  payload: JSON.parse(r.payload),
  createdAt: r.created_at,
});

const APPEND = `WITH lock AS (SELECT pg_advisory_xact_lock($1))
  INSERT INTO events (id, type, livemode, verification_id, payload, created_at)
  SELECT e.id, e.type, e.livemode, e.verification_id, e.payload, e.created_at
    FROM lock, unnest($2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::bigint[]) WITH ORDINALITY
      AS e(id, type, livemode, verification_id, payload, created_at, n)
    ORDER BY e.n`;

/**
 * Appends events inside the caller's transaction, in one statement that first takes the event-log lock (held
 * to the end of the transaction). Event seqs are then committed in seq order, so a reader that moves a cursor
 * past seq N never misses an N-1 committed later: the guarantee SQLite's single writer gives. Call it as the
 * transaction's last statement: every hub process's event-writing transactions wait for the lock, so it is
 * held only for this statement and the COMMIT.
 */
export async function writeEvents(sql: Sql, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql.run(APPEND, [
    EVENT_LOG_LOCK,
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.livemode),
    events.map((e) => e.verificationId),
    events.map((e) => JSON.stringify(e.payload)),
    events.map((e) => e.createdAt),
  ]);
}

const integer = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};
const text = (s: string | null) => (s === null ? 'NULL' : pg.escapeLiteral(s));

/**
 * Appends events and commits the caller's transaction in one round trip (see TxSql.commitWith): the hot path
 * of orders and check results. Every hub process's event-writing transactions queue on the event-log lock;
 * this holds it only while the server inserts and commits. Values go in as escaped literals.
 */
export async function writeEventsAndCommit(sql: TxSql, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(
    (e, i) =>
      `(${integer(i)}, ${text(e.id)}, ${text(e.type)}, ${e.livemode ? 'TRUE' : 'FALSE'}, ${text(e.verificationId)}, ` +
      `${text(JSON.stringify(e.payload))}, ${integer(e.createdAt)}::bigint)`,
  );
  await sql.commitWith(`WITH lock AS (SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK}))
  INSERT INTO events (id, type, livemode, verification_id, payload, created_at)
  SELECT e.id, e.type, e.livemode, e.verification_id, e.payload, e.created_at
    FROM lock, (VALUES ${rows.join(', ')}) AS e(n, id, type, livemode, verification_id, payload, created_at)
    ORDER BY e.n`);
}

export function pgEventStore(db: PgDb): EventStore {
  return {
    async after(seq, limit) {
      const rows = await db.query<EventRow>('SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
      return rows.map(eventFromRow);
    },
    async forVerification(id) {
      const rows = await db.query<EventRow>('SELECT * FROM events WHERE verification_id = $1 ORDER BY seq', [id]);
      return rows.map(eventFromRow);
    },
  };
}
