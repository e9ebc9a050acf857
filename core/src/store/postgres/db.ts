import pg from 'pg';
import { asUnavailable, isUnavailable } from '../unavailable.js';

/** Runs SQL with positional parameters ($1, $2…) and returns the rows; on the pool or inside a transaction. */
export interface Sql {
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

/** A transaction's connection. */
export interface TxSql extends Sql {
  /**
   * Runs `text` (no parameters: literals escaped by the caller) and COMMIT in one round trip, as the
   * transaction's last statement: whatever `text` locks is held for the server's time only, never while this
   * process waits for a CPU between two statements.
   */
  commitWith(text: string): Promise<void>;
}

/** Serializes every transaction that appends events: see `writeEvents`. */
export const EVENT_LOG_LOCK = 7_242_001;
/** Deadlock and serialization failures: the transaction is rolled back whole and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;
/** How long a request waits for a connection before answering 503 (the server is down or overloaded). */
const CONNECT_TIMEOUT_MS = 5_000;

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

/** A query's failure, as StoreUnavailableError when the database could not be reached. */
const rethrow = (error: unknown): never => {
  throw asUnavailable(error);
};

const on = (client: pg.Pool | pg.PoolClient): Sql => ({
  async query<R>(text: string, params: readonly unknown[] = []) {
    return ((await client.query(text, [...params]).catch(rethrow)) as pg.QueryResult).rows as R[];
  },
  async run(text: string, params: readonly unknown[] = []) {
    return ((await client.query(text, [...params]).catch(rethrow)) as pg.QueryResult).rowCount ?? 0;
  },
});

/**
 * Runs `work` on a connection of its own from the pool. While it is checked out, the pool's 'error' listener
 * does not cover it: one is added here, or a server going away between two queries would be an uncaught
 * exception that ends the process. A connection found lost (an error event, a failure of `work` saying the
 * database is unreachable, or `markLost`) goes back to the pool to be thrown away.
 */
export async function withClient<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, markLost: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect().catch(rethrow);
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    return await work(client, onError);
  } catch (error) {
    if (isUnavailable(error)) lost = error as Error;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/**
 * A connection pool whose every query waits for `ready` (the schema migrations), so a store can be opened
 * synchronously like the SQLite one. A database that cannot be reached fails queries with
 * StoreUnavailableError (the API's 503) and never the pool: once the server is back, the next query works.
 */
export class PgDb implements Sql {
  readonly pool: pg.Pool;
  private readonly direct: Sql;
  private ready: Promise<void> = Promise.resolve();
  private start: ((sql: Sql) => Promise<void>) | undefined;

  constructor(url: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      types: typeParsers,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle connection dropped by the server: the pool replaces it, and the next query reports its own error.
    this.pool.on('error', () => {});
    this.direct = on(this.pool);
  }

  /** Runs `step` on one connection (it may BEGIN and COMMIT); every query waits for it and fails if it failed. */
  startWith(step: (sql: Sql) => Promise<void>): Promise<void> {
    this.start = step;
    this.ready = this.runStart(step);
    return this.ready;
  }

  private runStart(step: (sql: Sql) => Promise<void>): Promise<void> {
    const ready = withClient(this.pool, (client) => step(on(client)));
    ready.catch(() => {}); // reported to each query instead of as an unhandled rejection
    return ready;
  }

  /**
   * Waits for the start step. One that failed because the database was unreachable (the hub started before
   * it) is tried again by the next caller; any other failure (a bad migration) stays.
   */
  async whenReady(): Promise<void> {
    const ready = this.ready;
    try {
      await ready;
    } catch (error) {
      if (!isUnavailable(error) || !this.start) throw error;
      if (this.ready === ready) this.ready = this.runStart(this.start);
      await this.ready;
    }
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
    await this.whenReady();
    return this.direct.query<R>(text, params);
  }

  async run(text: string, params?: readonly unknown[]): Promise<number> {
    await this.whenReady();
    return this.direct.run(text, params);
  }

  async one<R>(text: string, params?: readonly unknown[]): Promise<R | undefined> {
    return (await this.query<R>(text, params))[0];
  }

  /** Runs `work` in one READ COMMITTED transaction, again from the start after a deadlock. */
  async tx<T>(work: (sql: TxSql) => Promise<T>): Promise<T> {
    await this.whenReady();
    for (let attempt = 1; ; attempt++) {
      try {
        return await withClient(this.pool, async (client) => {
          let committed = false;
          const sql: TxSql = {
            ...on(client),
            async commitWith(text) {
              await client.query(`${text};\nCOMMIT`).catch(rethrow);
              committed = true;
            },
          };
          try {
            await sql.query('BEGIN');
            const result = await work(sql);
            if (!committed) await sql.query('COMMIT');
            return result;
          } catch (error) {
            // A lost connection's transaction was rolled back by the server; withClient throws it away.
            if (!isUnavailable(error)) await client.query('ROLLBACK').catch(() => {});
            throw error;
          }
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt < ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw error;
      }
    }
  }

  /** Runs the reads of `work` in one READ ONLY REPEATABLE READ transaction: they all see the same snapshot. */
  async snapshot<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    await this.whenReady();
    return withClient(this.pool, async (client) => {
      const sql = on(client);
      await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const result = await work(sql);
        await sql.query('COMMIT');
        return result;
      } catch (error) {
        if (!isUnavailable(error)) await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
