import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  checkSchema,
  DECISION_COLUMNS,
  DECISIONS_TABLE,
  type DecisionRow,
  type Mode,
  STATE_COLUMNS,
  STATE_TABLE,
  type Watermark,
} from '../columns.js';
import type { Sink, SinkBatch } from '../sink.js';
import { mergeWatermark, selectWatermark } from '../sql.js';
import { appendRow, ddl, PORTABLE } from './duckdb-table.js';

const STAGING = `${DECISIONS_TABLE}_staging`;
/**
 * DuckDB's row group (its default size). The sink checkpoints each time the table fills one, or after writing
 * as many rows: DuckDB's own checkpoint every 16 MB of log rewrote the table's unfinished row group each time
 * (15 s of commits for a million rows instead of 5), and a checkpoint spanning several row groups needs more of
 * DuckDB's memory pinned at once: with 250,000 rows per checkpoint, a `memory_limit` of 28 MB failed it (DuckDB
 * then gives the database up), while one row group at a time went through with 22 MB.
 */
const ROW_GROUP = 122_880;

const COLUMN_LIST = DECISION_COLUMNS.map((c) => c.name).join(', ');

/** A SQL timestamp of a time in ms. */
const timestamp = (ms: number) => `make_timestamp(${Math.trunc(ms) * 1000})`;

/** Twice a memory limit such as `32MB` (undefined for a limit written otherwise). */
const doubled = (limit: string) => {
  const size = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B)$/i.exec(limit.trim());
  return size ? `${Number(size[1]) * 2}${size[2]}` : undefined;
};

export interface DuckDbSinkOptions {
  path: string;
  parquetDir?: string | undefined;
  memoryLimit: string;
  threads: number;
  now: () => number;
}

/** The default sink: an embedded DuckDB file, each batch appended (or staged, then upserted) in one transaction. */
export class DuckDbSink implements Sink {
  readonly where: string;
  readonly defaultBatchSize = 10_000;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;
  /** Rows in the table (kept as batches commit), rows written since the last checkpoint, whether any staged. */
  private tableRows = 0;
  private uncheckpointed = 0;
  private restaged = false;
  private readonly appenders = new Map<string, DuckDBAppender>();

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
      // Checkpoints come from the sink, a row group at a time, and when it closes.
      checkpoint_threshold: '1GB',
      // Whenever DuckDB takes a buffer, it first hands freed memory back to the system (its allocator's and
      // the C library's, at most ten times a second): without this, memory freed by a checkpoint stayed in the
      // process, 20-40 MB over a million rows.
      allocator_bulk_deallocation_flush_threshold: '128KB',
    });
    this.connection = await this.instance.connect();
    await this.db.run(ddl(DECISIONS_TABLE, DECISION_COLUMNS));
    await this.db.run(ddl(STATE_TABLE, STATE_COLUMNS));
    // Staged rows need no durability: a temporary table keeps them out of the file and its log.
    await this.db.run(`DROP TABLE IF EXISTS ${STAGING}`);
    await this.db.run(ddl(STAGING, DECISION_COLUMNS, true));
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
    this.tableRows = await this.count();
    this.uncheckpointed = 0;
    this.restaged = false;
  }

  async watermark(mode: Mode): Promise<Watermark | null> {
    const rows = (await this.db.runAndReadAll(selectWatermark(STATE_TABLE, mode))).getRowObjectsJson();
    const row = rows[0];
    return row ? { decidedAtMs: Number(row.decided_at_ms), verificationId: String(row.verification_id) } : null;
  }

  /**
   * Rows go through the appender as they come, so none are held here. A decision's decided_at never changes and
   * its id belongs to one mode, so only rows of the batch's mode decided within its range can share an id with
   * it: when the table has none of that mode at or after the batch's first decided_at (every run that continues
   * from its watermark), appending into the table is the upsert. Otherwise rows are staged, and the upsert names
   * the batch's range so that DuckDB skips the table's other row groups.
   */
  async begin(mode: Mode): Promise<SinkBatch> {
    const db = this.db;
    await db.run('BEGIN TRANSACTION');
    let open = true;
    let appender: DuckDBAppender | undefined;
    let fresh = true;
    let first: DecisionRow | undefined;
    let last: DecisionRow | undefined;
    let rows = 0;
    const rollback = async () => {
      if (!open) return;
      open = false;
      // Rows it still buffers must not reach a later batch.
      if (appender) this.dropAppender(appender);
      await db.run('ROLLBACK');
    };
    return {
      add: async (more) => {
        if (more.length === 0) return;
        if (!appender) {
          first = more[0] as DecisionRow;
          fresh = await this.noneSince(mode, first.decided_at);
          if (!fresh) await db.run(`DELETE FROM ${STAGING}`);
          appender = await this.appenderFor(fresh ? DECISIONS_TABLE : STAGING);
        }
        for (const row of more) appendRow(appender, row);
        last = more[more.length - 1];
        rows += more.length;
      },
      commit: async (to) => {
        try {
          appender?.flushSync();
          if (first && last) await this.upsert(mode, fresh, first, last);
          if (to) await db.run(mergeWatermark(STATE_TABLE, mode, to, this.options.now()));
          await db.run('COMMIT');
          open = false;
        } catch (error) {
          await rollback().catch(() => undefined);
          throw error;
        }
        // A staged batch may have replaced rows rather than added them: the table says how many it has.
        if (!fresh) this.restaged = true;
        await this.checkpointAfter(rows, fresh ? this.tableRows + rows : await this.count());
      },
      abort: rollback,
    };
  }

  /**
   * The table's appender, made once per open sink. Its rows go into whatever transaction is open when it is
   * flushed. One per batch would leave a closed appender per batch, each holding its native buffers (about a
   * megabyte for these 24 columns) until V8 happens to collect the wrapper: 150 MB of RSS over a million rows.
   */
  private async appenderFor(table: string): Promise<DuckDBAppender> {
    let appender = this.appenders.get(table);
    if (!appender) {
      appender = await this.db.createAppender(table);
      this.appenders.set(table, appender);
    }
    return appender;
  }

  private dropAppender(appender: DuckDBAppender): void {
    for (const [table, a] of this.appenders) if (a === appender) this.appenders.delete(table);
    try {
      appender.clear();
      appender.closeSync();
    } catch {
      // a failed flush may leave it unusable; it is dropped either way
    }
  }

  /**
   * With the rows appended (to the table when `fresh`, else to the staging table): the upsert and Parquet. A staged
   * batch replaces the table's rows with its ids (all decided within its range) and is inserted. Not a MERGE:
   * DuckDB holds the rows an UPDATE changed in memory it neither spills nor frees at a checkpoint: re-exported
   * rows ran out of a 32MB `memory_limit` on the third batch of 10,000 (of 64MB on the seventh); deleted and
   * inserted rows spill.
   */
  private async upsert(mode: Mode, fresh: boolean, first: DecisionRow, last: DecisionRow): Promise<void> {
    const from = timestamp(first.decided_at);
    const ofMode = `livemode = ${mode === 'live'}`;
    if (!fresh) {
      const range = `${ofMode} AND decided_at BETWEEN ${from} AND ${timestamp(last.decided_at)}`;
      await this.db.run(
        `DELETE FROM ${DECISIONS_TABLE} WHERE ${range} AND verification_id IN (SELECT verification_id FROM ${STAGING})`,
      );
      await this.db.run(`INSERT INTO ${DECISIONS_TABLE} (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM ${STAGING}`);
    }
    if (!this.options.parquetDir) return;
    // Named by the batch's first row: a batch sent again after a crash overwrites its file, never adds one.
    const file = join(
      this.options.parquetDir,
      `${DECISIONS_TABLE}-${mode}-${first.decided_at}-${first.verification_id}.parquet`,
    );
    const source = fresh
      ? `(SELECT ${COLUMN_LIST} FROM ${DECISIONS_TABLE} WHERE ${ofMode} AND decided_at >= ${from})`
      : STAGING;
    await this.db.run(`COPY ${source} TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  }

  /** True when no row of `mode` in the table was decided at or after `fromMs`. */
  private async noneSince(mode: Mode, fromMs: number): Promise<boolean> {
    const sql = `SELECT count(*) AS n FROM ${DECISIONS_TABLE} WHERE livemode = ${mode === 'live'} AND decided_at >= ${timestamp(fromMs)}`;
    const rows = (await this.db.runAndReadAll(sql)).getRowObjectsJson();
    return Number(rows[0]?.n) === 0;
  }

  /** Checkpoints when the table has filled another row group, or after a row group's worth of writes. */
  private async checkpointAfter(written: number, tableRows: number): Promise<void> {
    const filled = Math.floor(tableRows / ROW_GROUP) > Math.floor(this.tableRows / ROW_GROUP);
    this.tableRows = tableRows;
    this.uncheckpointed += written;
    if (filled || this.uncheckpointed >= ROW_GROUP) await this.checkpoint();
  }

  /**
   * A checkpoint after staged batches rewrites the row groups they deleted from, which takes more of DuckDB's
   * memory than appends do: re-exporting a million exported rows failed such a checkpoint at 32MB (and DuckDB
   * then gives the database up) and passed at 48MB. Those checkpoints get twice the limit.
   */
  private async checkpoint(): Promise<void> {
    const more = this.restaged ? doubled(this.options.memoryLimit) : undefined;
    if (more) await this.db.run(`SET memory_limit = '${more}'`);
    try {
      await this.db.run('CHECKPOINT');
    } finally {
      if (more) await this.db.run(`SET memory_limit = '${this.options.memoryLimit.trim()}'`);
    }
    this.uncheckpointed = 0;
    this.restaged = false;
  }

  async count(): Promise<number> {
    const rows = (await this.db.runAndReadAll(`SELECT count(*) AS n FROM ${DECISIONS_TABLE}`)).getRowObjectsJson();
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    for (const appender of this.appenders.values()) this.dropAppender(appender);
    try {
      // DuckDB would checkpoint as it closes, within the plain limit.
      if (this.connection && this.uncheckpointed > 0) await this.checkpoint();
    } finally {
      this.connection?.closeSync();
      this.instance?.closeSync();
      this.connection = undefined;
      this.instance = undefined;
    }
  }
}
