import pg from 'pg';
import type { Sql } from '../postgres/db.js';
import { migratePg } from '../postgres/migrate.js';
import { NOT_COPIED, quote, SEEDED_BY_MIGRATIONS } from './tables.js';

/** An INSERT carries up to this many rows, or of values (report PDFs, long JSON) about this many bytes. */
const BATCH_ROWS = 2_000;
const BATCH_BYTES = 8 * 1024 * 1024;

export interface TargetColumn {
  /** information_schema's data_type: `bigint`, `boolean`, `bytea`, `text`… */
  type: string;
  identity: boolean;
}

/** A table of the target and the rows it already holds. */
export interface HeldRows {
  table: string;
  rows: number;
}

/**
 * The PostgreSQL database being filled, on one connection so the whole copy is one transaction: it commits
 * only after every row count matched, and a failure anywhere rolls it back, leaving the target as it was.
 */
export class PgTarget {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<PgTarget> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // A dropped connection is reported by the query that was running; this keeps it from crashing the process.
    client.on('error', () => {});
    return new PgTarget(client);
  }

  private async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.client.query(text, [...params])).rows as R[];
  }

  /** Applies the hub's PostgreSQL migrations (the same `migratePg` the hub runs at start). */
  async migrate(): Promise<void> {
    const sql: Sql = {
      query: (text, params) => this.query(text, params),
      run: async (text, params) => (await this.client.query(text, params ? [...params] : [])).rowCount ?? 0,
    };
    await migratePg(sql);
  }

  /** The tables of the schema the hub uses (the default one), but the migration history. */
  async tables(): Promise<string[]> {
    const rows = await this.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    return rows.map((r) => r.table_name).filter((name) => !NOT_COPIED.has(name));
  }

  /** The tables that hold rows (rows the migrations write do not count). */
  async tablesHoldingData(): Promise<HeldRows[]> {
    const held: HeldRows[] = [];
    for (const table of await this.tables()) {
      if (SEEDED_BY_MIGRATIONS.has(table)) continue;
      const rows = await this.count(table);
      if (rows > 0) held.push({ table, rows });
    }
    return held;
  }

  /** Starts the copy's transaction and keeps other writers out of every table until it ends (readers may read). */
  async begin(): Promise<void> {
    await this.client.query('BEGIN');
    const tables = await this.tables();
    if (tables.length > 0) await this.client.query(`LOCK TABLE ${tables.map(quote).join(', ')} IN EXCLUSIVE MODE`);
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => {});
  }

  async columns(table: string): Promise<Map<string, TargetColumn>> {
    const rows = await this.query<{ column_name: string; data_type: string; is_identity: string }>(
      `SELECT column_name, data_type, is_identity FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    return new Map(rows.map((r) => [r.column_name, { type: r.data_type, identity: r.is_identity === 'YES' }]));
  }

  /** Removes the rows the migrations wrote into `table`, which the source's rows replace. */
  async clear(table: string): Promise<void> {
    await this.client.query(`DELETE FROM ${quote(table)}`);
  }

  /** Whether a batch of `rows` rows holding about `bytes` bytes of values is full. */
  static full(rows: number, bytes: number): boolean {
    return rows >= BATCH_ROWS || bytes >= BATCH_BYTES;
  }

  /**
   * Inserts rows as they are (ids and sequence numbers included): one array parameter per column, unnested
   * (`types` are the columns' PostgreSQL types), so a batch is one short statement whatever its size.
   */
  async insert(table: string, columns: readonly string[], types: readonly string[], rows: readonly unknown[][]) {
    if (rows.length === 0) return;
    const arrays = columns.map((_, c) => rows.map((row) => row[c]));
    const unnest = types.map((type, c) => `$${c + 1}::${type}[]`).join(', ');
    const text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT * FROM unnest(${unnest})`;
    await this.client.query({ name: `copy_${table}`, text, values: arrays });
  }

  /**
   * Moves the identity sequence of `column` past both the largest value copied and `highWater` (the source's
   * AUTOINCREMENT mark), so the next row gets a new number and cursors over old numbers stay valid.
   */
  async resetIdentity(table: string, column: string, highWater: bigint): Promise<bigint> {
    const [row] = await this.query<{ max: string | null }>(
      `SELECT max(${quote(column)})::text AS max FROM ${quote(table)}`,
    );
    const copied = row?.max === null || row?.max === undefined ? 0n : BigInt(row.max);
    const last = copied > highWater ? copied : highWater;
    const sequence = `pg_get_serial_sequence($1, $2)`;
    if (last > 0n) await this.query(`SELECT setval(${sequence}, $3::bigint, true)`, [quote(table), column, last]);
    else await this.query(`SELECT setval(${sequence}, 1, false)`, [quote(table), column]);
    return last;
  }

  async count(table: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
