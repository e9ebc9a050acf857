import { createRequire } from 'node:module';
import type * as SnowflakeSdk from 'snowflake-sdk';
import {
  type Column,
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
import { bufferedBatch, type Sink, type SinkBatch } from '../sink.js';
import { mergeDecisions, mergeWatermark, selectWatermark } from '../sql.js';

export interface SnowflakeSinkOptions {
  account: string;
  username: string;
  password?: string | undefined;
  privateKeyPath?: string | undefined;
  database: string;
  schema: string;
  warehouse?: string | undefined;
  role?: string | undefined;
  accessUrl?: string | undefined;
  now: () => number;
}

const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  int: 'NUMBER(38,0)',
  float: 'FLOAT',
  timestamp: 'TIMESTAMP_NTZ',
  json: 'VARIANT',
};

/** `DESCRIBE TABLE` types (`VARCHAR(16777216)`, `NUMBER(38,0)`, `TIMESTAMP_NTZ(9)`) to portable ones. */
function portable(type: string): ColumnType | null {
  const base = type.toUpperCase().replace(/\(.*$/, '');
  if (base === 'VARCHAR' || base === 'TEXT' || base === 'STRING') return 'string';
  if (base === 'BOOLEAN') return 'bool';
  if (base === 'NUMBER') return /,\s*0\)$/.test(type) || !type.includes(',') ? 'int' : 'float';
  if (base === 'FLOAT' || base === 'DOUBLE' || base === 'REAL') return 'float';
  if (base === 'TIMESTAMP_NTZ' || base === 'TIMESTAMP') return 'timestamp';
  if (base === 'VARIANT') return 'json';
  return null;
}

// Loaded with Node's own require: the driver is CommonJS, and bundler-style resolvers (vitest) would otherwise
// pick the ESM builds of its AWS dependencies, which Node cannot load.
const snowflake = createRequire(import.meta.url)('snowflake-sdk') as typeof SnowflakeSdk;

const STAGE = `${DECISIONS_TABLE}_stage`;
/** Array binds beyond the driver's threshold go through a stage upload; stay under it. */
const MAX_BIND_VALUES = 60_000;

const ddl = (table: string, columns: readonly Column[], temporary = false) =>
  `CREATE ${temporary ? 'TEMPORARY ' : ''}TABLE IF NOT EXISTS ${table} (${columns
    .map(
      (c) =>
        `${c.name} ${temporary && c.type === 'json' ? 'VARCHAR' : SQL_TYPE[c.type]}${c.nullable ? '' : ' NOT NULL'}`,
    )
    .join(', ')})`;

/** `2026-05-27 11:04:00.123`: what TIMESTAMP_NTZ reads without a format. */
const ntz = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function binds(row: DecisionRow): SnowflakeSdk.Bind[] {
  return DECISION_COLUMNS.map((c) => {
    const value = row[c.name as keyof DecisionRow];
    return c.type === 'timestamp' ? ntz(value as number) : value;
  });
}

/** A row's value by column name, whatever the case Snowflake answers in. */
const field = (row: Record<string, unknown>, name: string) => row[name.toUpperCase()] ?? row[name];

/**
 * Snowflake: each batch goes into a session temporary table through batched array binds, then one
 * transaction MERGEs it into the table and moves the watermark.
 */
export class SnowflakeSink implements Sink {
  readonly where: string;
  readonly defaultBatchSize = 10_000;
  private connection: SnowflakeSdk.Connection | undefined;

  constructor(private readonly options: SnowflakeSinkOptions) {
    this.where = `snowflake ${options.database}.${options.schema}`;
  }

  private execute(sqlText: string, bindValues?: SnowflakeSdk.Binds): Promise<Record<string, unknown>[]> {
    const connection = this.connection;
    if (!connection) return Promise.reject(new Error('the Snowflake sink is not open'));
    return new Promise((resolve, reject) => {
      connection.execute({
        sqlText,
        ...(bindValues && { binds: bindValues }),
        complete: (error, _statement, rows) =>
          error ? reject(error) : resolve((rows ?? []) as Record<string, unknown>[]),
      });
    });
  }

  async open(): Promise<void> {
    snowflake.configure({ logLevel: 'ERROR' });
    const o = this.options;
    const connection = snowflake.createConnection({
      account: o.account,
      username: o.username,
      database: o.database,
      schema: o.schema,
      ...(o.password !== undefined && { password: o.password }),
      ...(o.privateKeyPath !== undefined && { authenticator: 'SNOWFLAKE_JWT', privateKeyPath: o.privateKeyPath }),
      ...(o.warehouse !== undefined && { warehouse: o.warehouse }),
      ...(o.role !== undefined && { role: o.role }),
      ...(o.accessUrl !== undefined && { accessUrl: o.accessUrl }),
    });
    this.connection = await new Promise<SnowflakeSdk.Connection>((resolve, reject) =>
      connection.connect((error, connected) => (error ? reject(error) : resolve(connected))),
    );
    for (const [table, columns] of [
      [DECISIONS_TABLE, DECISION_COLUMNS],
      [STATE_TABLE, STATE_COLUMNS],
    ] as const) {
      await this.execute(ddl(table, columns));
      const described = await this.execute(`DESCRIBE TABLE ${table}`);
      const actual = new Map(
        described.map((r) => [String(field(r, 'name')).toLowerCase(), portable(String(field(r, 'type')))]),
      );
      checkSchema(table, this.where, columns, actual);
    }
    await this.execute(ddl(STAGE, DECISION_COLUMNS, true));
  }

  async watermark(mode: Mode): Promise<Watermark | null> {
    const [row] = await this.execute(selectWatermark(STATE_TABLE, mode));
    if (!row) return null;
    return { decidedAtMs: Number(field(row, 'decided_at_ms')), verificationId: String(field(row, 'verification_id')) };
  }

  async begin(mode: Mode): Promise<SinkBatch> {
    return bufferedBatch((rows, to) => this.write(mode, rows, to));
  }

  /** Upserts one whole batch and, unless `to` is null, moves the watermark with it. */
  async write(mode: Mode, rows: DecisionRow[], to: Watermark | null): Promise<void> {
    await this.execute(`TRUNCATE TABLE ${STAGE}`);
    const insert = `INSERT INTO ${STAGE} (${DECISION_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${DECISION_COLUMNS.map(() => '?').join(', ')})`;
    const perCall = Math.max(1, Math.floor(MAX_BIND_VALUES / DECISION_COLUMNS.length));
    for (let i = 0; i < rows.length; i += perCall) await this.execute(insert, rows.slice(i, i + perCall).map(binds));
    await this.execute('BEGIN');
    try {
      await this.execute(
        mergeDecisions(DECISIONS_TABLE, STAGE, (c) => (c.type === 'json' ? `PARSE_JSON(s.${c.name})` : `s.${c.name}`)),
      );
      if (to) await this.execute(mergeWatermark(STATE_TABLE, mode, to, this.options.now()));
      await this.execute('COMMIT');
    } catch (error) {
      await this.execute('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async count(): Promise<number> {
    const [row] = await this.execute(`SELECT count(*) AS n FROM ${DECISIONS_TABLE}`);
    return Number(row ? field(row, 'n') : 0);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  }
}
