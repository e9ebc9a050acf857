import pg from 'pg';

/** Runs SQL with positional parameters ($1, $2…) and returns the rows; on the pool or inside a transaction. */
export interface Sql {
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

/** Serializes every transaction that appends events: see `PgDb.tx`. */
const EVENT_LOG_LOCK = 7_242_001;
/** Deadlock and serialization failures: the transaction is rolled back whole and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

// BIGINT (unix ms, sequence numbers, count(*)) and NUMERIC (sum()) as JS numbers: every value the hub
// stores stays far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const parseNumber = (value: string) => Number(value);
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? parseNumber
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const on = (client: pg.Pool | pg.PoolClient): Sql => ({
  async query<R>(text: string, params: readonly unknown[] = []) {
    return (await client.query(text, [...params])).rows as R[];
  },
  async run(text: string, params: readonly unknown[] = []) {
    return (await client.query(text, [...params])).rowCount ?? 0;
  },
});

/**
 * A connection pool whose every query waits for `ready` (the schema migrations), so a store can be opened
 * synchronously like the SQLite one.
 */
export class PgDb implements Sql {
  readonly pool: pg.Pool;
  private readonly direct: Sql;
  private ready: Promise<void> = Promise.resolve();

  constructor(url: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: typeParsers });
    // An idle connection dropped by the server: the pool replaces it, and the next query reports its own error.
    this.pool.on('error', () => {});
    this.direct = on(this.pool);
  }

  /** Runs `step` on one connection (it may BEGIN and COMMIT); every query waits for it and fails if it failed. */
  startWith(step: (sql: Sql) => Promise<void>): Promise<void> {
    this.ready = (async () => {
      const client = await this.pool.connect();
      try {
        await step(on(client));
      } finally {
        client.release();
      }
    })();
    this.ready.catch(() => {}); // reported to each query instead of as an unhandled rejection
    return this.ready;
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
    await this.ready;
    return this.direct.query<R>(text, params);
  }

  async run(text: string, params?: readonly unknown[]): Promise<number> {
    await this.ready;
    return this.direct.run(text, params);
  }

  async one<R>(text: string, params?: readonly unknown[]): Promise<R | undefined> {
    return (await this.query<R>(text, params))[0];
  }

  /**
   * Runs `work` in one READ COMMITTED transaction, again from the start after a deadlock. With `events`, the
   * transaction first takes the event-log lock: event seqs are then committed in seq order, so a reader that
   * moves a cursor past seq N never misses an N-1 committed later (the guarantee SQLite's single writer gives).
   */
  async tx<T>(work: (sql: Sql) => Promise<T>, options: { events?: boolean } = {}): Promise<T> {
    await this.ready;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const sql = on(client);
      try {
        await client.query('BEGIN');
        if (options.events) await client.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_LOCK]);
        const result = await work(sql);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        const code = (error as { code?: unknown }).code;
        if (attempt < ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
