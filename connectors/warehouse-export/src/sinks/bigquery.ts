import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery, type Dataset, type Job, type TableField } from '@google-cloud/bigquery';
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

export interface BigQuerySinkOptions {
  projectId: string;
  dataset: string;
  location: string;
  keyFilename?: string | undefined;
  apiEndpoint?: string | undefined;
  maxRetries: number;
  now: () => number;
}

// The tables API answers with the legacy type names whatever the table was created with.
const BQ_TYPE: Record<ColumnType, string> = {
  string: 'STRING',
  bool: 'BOOLEAN',
  int: 'INTEGER',
  float: 'FLOAT',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};
const PORTABLE: Record<string, ColumnType> = {
  STRING: 'string',
  BOOLEAN: 'bool',
  BOOL: 'bool',
  INTEGER: 'int',
  INT64: 'int',
  FLOAT: 'float',
  FLOAT64: 'float',
  TIMESTAMP: 'timestamp',
  JSON: 'json',
};

const fields = (columns: readonly Column[]): TableField[] =>
  columns.map((c) => ({ name: c.name, type: BQ_TYPE[c.type], mode: c.nullable ? 'NULLABLE' : 'REQUIRED' }));

/** A row as BigQuery's JSON loader reads it: RFC 3339 times, the checks as a nested JSON value. */
function ndjson(rows: DecisionRow[]): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return rows
    .map((r) =>
      JSON.stringify({
        ...r,
        signed_at: iso(r.signed_at),
        created_at: iso(r.created_at),
        decided_at: iso(r.decided_at),
        exported_at: iso(r.exported_at),
        checks: JSON.parse(r.checks),
      }),
    )
    .join('\n');
}

type RequestFn = ((reqOpts: { headers?: Record<string, string> }, options?: unknown) => unknown) &
  Record<string, unknown>;

/**
 * With a custom `apiEndpoint` the client sends no auth header, and its multipart upload (teeny-request) then
 * fails on the missing `headers` object; giving every request one avoids that.
 */
function withHeaders(client: BigQuery): void {
  const holder = client as unknown as { makeAuthenticatedRequest: RequestFn };
  const original = holder.makeAuthenticatedRequest;
  const wrapped = (reqOpts: { headers?: Record<string, string> }, options?: unknown) =>
    original({ ...reqOpts, headers: { ...reqOpts.headers } }, options);
  holder.makeAuthenticatedRequest = Object.assign(wrapped, original);
}

const isAlreadyExists = (error: unknown) => (error as { code?: unknown }).code === 409;

/**
 * BigQuery: each batch is loaded as NDJSON into a staging table by a load job whose id is derived from the run
 * and the batch (a retried upload finds its job instead of loading twice), then MERGEd together with the
 * watermark in one multi-statement transaction.
 */
export class BigQuerySink implements Sink {
  readonly where: string;
  readonly defaultBatchSize = 20_000;
  private readonly client: BigQuery;
  private readonly dataset: Dataset;
  /** This run's staging table and job ids. */
  private readonly runTag = randomBytes(6).toString('hex');
  private readonly staging: string;

  constructor(private readonly options: BigQuerySinkOptions) {
    this.where = `bigquery ${options.projectId}.${options.dataset}`;
    this.client = new BigQuery({
      projectId: options.projectId,
      location: options.location,
      retryOptions: { autoRetry: options.maxRetries > 0, maxRetries: options.maxRetries },
      ...(options.keyFilename && { keyFilename: options.keyFilename }),
      ...(options.apiEndpoint && { apiEndpoint: options.apiEndpoint }),
    });
    if (options.apiEndpoint) withHeaders(this.client);
    this.dataset = this.client.dataset(options.dataset, { location: options.location });
    this.staging = `${DECISIONS_TABLE}_staging_${this.runTag}`;
  }

  private ref(table: string): string {
    return `\`${this.options.projectId}.${this.options.dataset}.${table}\``;
  }

  private async query(sql: string): Promise<Record<string, unknown>[]> {
    const [rows] = await this.client.query({ query: sql, location: this.options.location });
    return rows as Record<string, unknown>[];
  }

  async open(): Promise<void> {
    await this.dataset.get({ autoCreate: true });
    for (const [name, columns] of [
      [DECISIONS_TABLE, DECISION_COLUMNS],
      [STATE_TABLE, STATE_COLUMNS],
    ] as const) {
      const table = this.dataset.table(name);
      const [exists] = await table.exists();
      if (!exists) {
        await this.dataset.createTable(name, { schema: { fields: fields(columns) } });
        continue;
      }
      const [metadata] = await table.getMetadata();
      const actual = new Map<string, ColumnType | null>(
        ((metadata.schema?.fields ?? []) as TableField[]).map((f) => [f.name ?? '', PORTABLE[f.type ?? ''] ?? null]),
      );
      checkSchema(name, this.where, columns, actual);
    }
  }

  async watermark(mode: Mode): Promise<Watermark | null> {
    const [row] = await this.query(selectWatermark(this.ref(STATE_TABLE), mode));
    return row ? { decidedAtMs: Number(row.decided_at_ms), verificationId: String(row.verification_id) } : null;
  }

  async begin(mode: Mode): Promise<SinkBatch> {
    return bufferedBatch((rows, to) => this.write(mode, rows, to));
  }

  /** Upserts one whole batch and, unless `to` is null, moves the watermark with it. */
  async write(mode: Mode, rows: DecisionRow[], to: Watermark | null): Promise<void> {
    const digest = createHash('sha256');
    for (const r of rows) digest.update(`${r.verification_id}\n`);
    const jobId = `keybs_export_${this.runTag}_${mode}_${digest.digest('hex').slice(0, 24)}`;
    await this.load(jobId, rows);
    const merge = mergeDecisions(this.ref(DECISIONS_TABLE), this.ref(this.staging));
    const steps = to ? [merge, mergeWatermark(this.ref(STATE_TABLE), mode, to, this.options.now())] : [merge];
    await this.query(`BEGIN TRANSACTION;\n${steps.join(';\n')};\nCOMMIT TRANSACTION;`);
  }

  private async load(jobId: string, rows: DecisionRow[]): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'keybs-bq-'));
    const file = join(dir, 'batch.ndjson');
    writeFileSync(file, ndjson(rows));
    let job: Job;
    try {
      [job] = await this.dataset.table(this.staging).createLoadJob(file, {
        jobId,
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        writeDisposition: 'WRITE_TRUNCATE',
        createDisposition: 'CREATE_IF_NEEDED',
        schema: { fields: fields(DECISION_COLUMNS) },
      });
    } catch (error) {
      // An earlier attempt created this very job (its answer was lost): wait for that one.
      if (!isAlreadyExists(error)) throw error;
      job = this.client.job(jobId, { location: this.options.location });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await job.promise();
  }

  async count(): Promise<number> {
    const [row] = await this.query(`SELECT count(*) AS n FROM ${this.ref(DECISIONS_TABLE)}`);
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.dataset
      .table(this.staging)
      .delete({ ignoreNotFound: true })
      .catch(() => undefined);
  }
}
