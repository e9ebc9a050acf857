import type { DecisionRow, Mode, Watermark } from './columns.js';

/**
 * A warehouse the export writes to. Both tables live in the sink, so the watermark moves together with the
 * rows (or just after them): a crash between the two re-sends a batch that the MERGE on `verification_id`
 * absorbs.
 */
export interface Sink {
  /** For messages: `duckdb /data/keybs.duckdb`, `bigquery project.dataset`. */
  readonly where: string;
  /** Rows per batch when the config does not say. */
  readonly defaultBatchSize: number;
  /** Connects, creates both tables when missing and checks their columns (SchemaDriftError on drift). */
  open(): Promise<void>;
  watermark(mode: Mode): Promise<Watermark | null>;
  /** Upserts `rows` on verification_id and, unless `to` is null, moves `mode`'s watermark to it. */
  write(mode: Mode, rows: DecisionRow[], to: Watermark | null): Promise<void>;
  /** Rows in the target table (for reports and tests). */
  count(): Promise<number>;
  close(): Promise<void>;
}
