import { type DuckDBAppender, DuckDBTimestampValue } from '@duckdb/node-api';
import { type ColumnType, DECISION_COLUMNS, type DecisionRow } from '../columns.js';

/** DuckDB's types for the export's columns, and back (for the schema check). */
const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  int: 'BIGINT',
  float: 'DOUBLE',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};
export const PORTABLE: Record<string, ColumnType> = {
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

/** `CREATE [TEMPORARY] TABLE IF NOT EXISTS` for a table of these columns. */
export const ddl = (
  table: string,
  columns: readonly { name: string; type: ColumnType; nullable: boolean }[],
  temporary = false,
) =>
  `CREATE ${temporary ? 'TEMPORARY ' : ''}TABLE IF NOT EXISTS ${table} (${columns
    .map((c) => `${c.name} ${SQL_TYPE[c.type]}${c.nullable ? '' : ' NOT NULL'}`)
    .join(', ')})`;

/** Appends one row in column order; times go in as microseconds. */
export function appendRow(appender: DuckDBAppender, row: DecisionRow): void {
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
