import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import {
  type ColumnType,
  checkSchema,
  DECISION_COLUMNS,
  DECISIONS_TABLE,
  type DecisionRow,
  type Mode,
  STATE_COLUMNS,
  STATE_TABLE,
  type Watermark,
} from '../columns.js';
import type { Sink } from '../sink.js';
import { mergeDecisions, mergeWatermark, selectWatermark } from '../sql.js';

const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  int: 'BIGINT',
  float: 'DOUBLE',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};
const PORTABLE: Record<string, ColumnType> = {
  VARCHAR: 'string',
  BOOLEAN: 'bool',
  BIGINT: 'int',
  INTEGER: 'int',
  DOUBLE: 'float',
  FLOAT: 'float',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  JSON: 'json',
};
const STAGING = `${DECISIONS_TABLE}_staging`;

export interface DuckDbSinkOptions {
  path: string;
  parquetDir?: string | undefined;
  memoryLimit: string;
  threads: number;
  now: () => number;
}

const ddl = (table: string, columns: readonly { name: string; type: ColumnType; nullable: boolean }[]) =>
  `CREATE TABLE IF NOT EXISTS ${table} (${columns
    .map((c) => `${c.name} ${SQL_TYPE[c.type]}${c.nullable ? '' : ' NOT NULL'}`)
    .join(', ')})`;

/** Appends one row in column order; times go in as microseconds. */
function appendRow(appender: DuckDBAppender, row: DecisionRow): void {
  for (const c of DECISION_COLUMNS) {
    const value = row[c.name as keyof DecisionRow];
    if (value === null) appender.appendNull();
    else if (c.type === 'timestamp')
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(value as number) * 1000n));
    else if (c.type === 'int') appender.appendBigInt(BigInt(value as number));
    else if (c.type === 'float') appender.appendDouble(value as number);
    else if (c.type === 'bool') appender.appendBoolean(value as boolean);
    else appender.appendVarchar(value as string);
  }
  appender.endRow();
}

/** The default sink: an embedded DuckDB file, each batch staged with the appender and MERGEd in one transaction. */
export class DuckDbSink implements Sink {
  readonly where: string;
  readonly defaultBatchSize = 10_000;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;

  constructor(private readonly options: DuckDbSinkOptions) {
    this.where = `duckdb ${options.path}`;
  }

  private get db(): DuckDBConnection {
    if (!this.connection) throw new Error('the DuckDB sink is not open');
    return this.connection;
  }

  async open(): Promise<void> {
    mkdirSync(dirname(this.options.path), { recursive: true });
    if (this.options.parquetDir) mkdirSync(this.options.parquetDir, { recursive: true });
    this.instance = await DuckDBInstance.create(this.options.path, {
      memory_limit: this.options.memoryLimit,
      threads: String(this.options.threads),
      preserve_insertion_order: 'false',
    });
    this.connection = await this.instance.connect();
    await this.db.run(ddl(DECISIONS_TABLE, DECISION_COLUMNS));
    await this.db.run(ddl(STATE_TABLE, STATE_COLUMNS));
    await this.db.run(`DROP TABLE IF EXISTS ${STAGING}`);
    await this.db.run(ddl(STAGING, DECISION_COLUMNS));
    for (const [table, expected] of [
      [DECISIONS_TABLE, DECISION_COLUMNS],
      [STATE_TABLE, STATE_COLUMNS],
    ] as const) {
      const described = await this.db.runAndReadAll(`DESCRIBE ${table}`);
      const actual = new Map(
        described.getRowObjectsJson().map((r) => [String(r.column_name), PORTABLE[String(r.column_type)] ?? null]),
      );
      checkSchema(table, this.where, expected, actual);
    }
  }

  async watermark(mode: Mode): Promise<Watermark | null> {
    const rows = (await this.db.runAndReadAll(selectWatermark(STATE_TABLE, mode))).getRowObjectsJson();
    const row = rows[0];
    return row ? { decidedAtMs: Number(row.decided_at_ms), verificationId: String(row.verification_id) } : null;
  }

  async write(mode: Mode, rows: DecisionRow[], to: Watermark | null): Promise<void> {
    const db = this.db;
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`DELETE FROM ${STAGING}`);
      const appender = await db.createAppender(STAGING);
      for (const row of rows) appendRow(appender, row);
      appender.closeSync();
      const first = rows[0];
      const last = rows[rows.length - 1];
      // A decision's decided_at never changes, so its row can only be within the batch's decided_at range: saying
      // so lets DuckDB skip the table's other row groups (min/max per group) instead of scanning it all each batch.
      const narrow =
        first && last
          ? ` AND t.decided_at BETWEEN make_timestamp(${first.decided_at * 1000}) AND make_timestamp(${last.decided_at * 1000})`
          : '';
      await db.run(mergeDecisions(DECISIONS_TABLE, STAGING, undefined, narrow));
      if (this.options.parquetDir && first) {
        // Named by the batch's first row: a batch sent again after a crash overwrites its file, never adds one.
        const file = join(
          this.options.parquetDir,
          `${DECISIONS_TABLE}-${mode}-${first.decided_at}-${first.verification_id}.parquet`,
        );
        await db.run(`COPY ${STAGING} TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
      }
      if (to) await db.run(mergeWatermark(STATE_TABLE, mode, to, this.options.now()));
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async count(): Promise<number> {
    const rows = (await this.db.runAndReadAll(`SELECT count(*) AS n FROM ${DECISIONS_TABLE}`)).getRowObjectsJson();
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}
