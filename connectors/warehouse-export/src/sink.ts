import type { DecisionRow, Mode, Watermark } from './columns.js';

/**
 * One batch on its way into a sink: rows are added page by page as they are read (a sink that can stream them
 * on keeps none in memory), then committed at once. Rows are upserted on `verification_id` and the watermark
 * moves in the same step (or just after it: a crash between the two re-sends a batch that the upsert absorbs).
 */
export interface SinkBatch {
  /** Adds rows, in export order. */
  add(rows: DecisionRow[]): Promise<void>;
  /** Upserts every row added and, unless `to` is null, moves the mode's watermark to it. */
  commit(to: Watermark | null): Promise<void>;
  /** Gives the batch up: none of its rows is written. Safe to call after a failed commit. */
  abort(): Promise<void>;
}

/** A warehouse the export writes to. Both tables live in the sink, so the watermark moves together with the rows. */
export interface Sink {
  /** For messages: `duckdb /data/keybs.duckdb`, `bigquery project.dataset`. */
  readonly where: string;
  /** Rows per batch when the config does not say. */
  readonly defaultBatchSize: number;
  /** Connects, creates both tables when missing and checks their columns (SchemaDriftError on drift). */
  open(): Promise<void>;
  watermark(mode: Mode): Promise<Watermark | null>;
  /** Starts a batch of `mode`'s rows (one at a time per sink). */
  begin(mode: Mode): Promise<SinkBatch>;
  /** Rows in the target table (for reports and tests). */
  count(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A batch for sinks that send a batch in one piece (a load job, array binds): rows are kept until the commit,
 * which hands them to `write`.
 */
export function bufferedBatch(write: (rows: DecisionRow[], to: Watermark | null) => Promise<void>): SinkBatch {
  let rows: DecisionRow[] = [];
  return {
    async add(more) {
      for (const row of more) rows.push(row);
    },
    commit: (to) => write(rows, to),
    async abort() {
      rows = [];
    },
  };
}
