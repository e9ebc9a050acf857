import type { EventRecord, NewEvent } from '../records.js';
import type { EventStore } from '../store.js';
import type { PgDb, Sql } from './db.js';

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

/** Appends events; call only inside a transaction opened with `{ events: true }` (see PgDb.tx). */
export async function writeEvents(sql: Sql, events: readonly NewEvent[]): Promise<void> {
  for (const e of events) {
    await sql.run(
      `INSERT INTO events (id, type, livemode, verification_id, payload, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.id, e.type, e.livemode, e.verificationId, JSON.stringify(e.payload), e.createdAt],
    );
  }
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
