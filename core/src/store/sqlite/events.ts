import type Database from 'better-sqlite3';
import type { EventRecord, NewEvent } from '../records.js';
import type { EventStore } from '../store.js';

interface EventRow {
  seq: number;
  id: string;
  type: EventRecord['type'];
  livemode: number;
  verification_id: string | null;
  payload: string;
  created_at: number;
}

const fromRow = (r: EventRow): EventRecord => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  livemode: r.livemode === 1,
  verificationId: r.verification_id,
  payload: JSON.parse(r.payload),
  createdAt: r.created_at,
});

/** Appends events; call only inside the transaction of the change that caused them. */
export function eventWriter(db: Database.Database): (e: NewEvent) => void {
  const insert = db.prepare(`INSERT INTO events (id, type, livemode, verification_id, payload, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  return (e) => {
    insert.run(e.id, e.type, e.livemode ? 1 : 0, e.verificationId, JSON.stringify(e.payload), e.createdAt);
  };
}

export function sqliteEventStore(db: Database.Database): EventStore {
  const after = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const forVerification = db.prepare('SELECT * FROM events WHERE verification_id = ? ORDER BY seq');
  return {
    async after(seq, limit) {
      return (after.all(seq, limit) as EventRow[]).map(fromRow);
    },
    async forVerification(id) {
      return (forVerification.all(id) as EventRow[]).map(fromRow);
    },
  };
}
