import { type Column, DECISION_COLUMNS, type Mode, type Watermark } from './columns.js';

/**
 * A SQL string literal for the few values inlined into statements (a mode, a verification id). Quoting rules
 * differ between warehouses, so only characters that need none are accepted.
 */
export function literal(value: string): string {
  if (!/^[\w.:-]*$/.test(value)) throw new Error(`refusing to inline ${JSON.stringify(value)} into SQL`);
  return `'${value}'`;
}

/**
 * MERGE of a staged batch into the decisions table, keyed by verification_id (the same text in BigQuery and
 * Snowflake; DuckDB replaces rows instead, see its sink).
 */
export function mergeDecisions(
  target: string,
  source: string,
  value: (column: Column) => string = (c) => `s.${c.name}`,
): string {
  const names = DECISION_COLUMNS.map((c) => c.name);
  const updates = DECISION_COLUMNS.filter((c) => c.name !== 'verification_id')
    .map((c) => `${c.name} = ${value(c)}`)
    .join(', ');
  return (
    `MERGE INTO ${target} AS t USING ${source} AS s ON t.verification_id = s.verification_id ` +
    `WHEN MATCHED THEN UPDATE SET ${updates} ` +
    `WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${DECISION_COLUMNS.map(value).join(', ')})`
  );
}

/** Moves one mode's watermark (an upsert of its row). */
export function mergeWatermark(table: string, mode: Mode, to: Watermark, now: number): string {
  const source =
    `(SELECT ${literal(mode)} AS mode, ${Math.trunc(to.decidedAtMs)} AS decided_at_ms, ` +
    `${literal(to.verificationId)} AS verification_id, ${Math.trunc(now)} AS updated_at_ms)`;
  return (
    `MERGE INTO ${table} AS t USING ${source} AS s ON t.mode = s.mode ` +
    'WHEN MATCHED THEN UPDATE SET decided_at_ms = s.decided_at_ms, verification_id = s.verification_id, ' +
    'updated_at_ms = s.updated_at_ms ' +
    'WHEN NOT MATCHED THEN INSERT (mode, decided_at_ms, verification_id, updated_at_ms) ' +
    'VALUES (s.mode, s.decided_at_ms, s.verification_id, s.updated_at_ms)'
  );
}

export const selectWatermark = (table: string, mode: Mode) =>
  `SELECT decided_at_ms, verification_id FROM ${table} WHERE mode = ${literal(mode)}`;
