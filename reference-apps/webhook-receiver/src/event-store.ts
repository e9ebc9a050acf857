import Database from 'better-sqlite3';

/** One delivery as stored: the verified payload plus the headers that identify it. */
export interface StoredEvent {
  delivery_id: string;
  /** `X-KeyBS-Event`; null when the delivery carried only the Standard Webhooks headers. */
  event: string | null;
  verification_id: string | null;
  payload: unknown;
  received_at: string;
}

export interface EventStore {
  /** Stores the event; false when this delivery id is already stored (a redelivery). */
  insert(event: StoredEvent): boolean;
  /** Newest first. */
  list(limit: number): StoredEvent[];
  close(): void;
}

interface EventRow {
  delivery_id: string;
  event: string | null;
  verification_id: string | null;
  payload: string;
  received_at: string;
}

// The UNIQUE constraint is what makes deduplication safe: two concurrent redeliveries cannot both insert.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL UNIQUE,
  event TEXT,
  verification_id TEXT,
  payload TEXT NOT NULL,
  received_at TEXT NOT NULL
)`;

export function openEventStore(file: string): EventStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const insert = db.prepare<[string, string | null, string | null, string, string]>(
    `INSERT INTO webhook_events (delivery_id, event, verification_id, payload, received_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING`,
  );
  const list = db.prepare<[number], EventRow>(
    `SELECT delivery_id, event, verification_id, payload, received_at
     FROM webhook_events ORDER BY id DESC LIMIT ?`,
  );

  return {
    insert: (e) =>
      insert.run(e.delivery_id, e.event, e.verification_id, JSON.stringify(e.payload), e.received_at).changes === 1,
    list: (limit) => list.all(limit).map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown })),
    close: () => db.close(),
  };
}
