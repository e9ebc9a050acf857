import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * BigQuery's REST API v2 on 127.0.0.1 (point the client's `apiEndpoint` here), backed by an in-memory DuckDB
 * that really executes the statements, in the documented wire formats:
 * - datasets and tables: `GET|POST /bigquery/v2/projects/{p}/datasets[/{d}]`,
 *   `GET|POST|DELETE …/datasets/{d}/tables[/{t}]` (Table resources with `schema.fields`, legacy type names);
 * - load jobs: `POST /upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart` (multipart/related: the Job
 *   resource as JSON, then the NDJSON); a job id already used → 409 `duplicate`; `GET …/jobs/{jobId}`;
 * - queries: `POST /bigquery/v2/projects/{p}/queries` (jobs.query) → `{jobComplete, schema, rows:[{f:[{v}]}]}`,
 *   including multi-statement transactions (`BEGIN TRANSACTION; MERGE …; COMMIT TRANSACTION;`);
 * - errors as `{"error":{"code","message","status","errors":[{"reason","message"}]}}`.
 */

export interface SeenCall {
  method: string;
  path: string;
  body: string;
}

const TO_DUCK: Record<string, string> = {
  STRING: 'VARCHAR',
  INTEGER: 'BIGINT',
  INT64: 'BIGINT',
  FLOAT: 'DOUBLE',
  FLOAT64: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};
const FROM_DUCK: Record<string, string> = {
  VARCHAR: 'STRING',
  BIGINT: 'INTEGER',
  INTEGER: 'INTEGER',
  HUGEINT: 'INTEGER',
  DOUBLE: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
const ident = (v: string) => `"${v.replace(/"/g, '""')}"`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

interface Field {
  name: string;
  type: string;
  mode?: string;
}

export class FakeBigQuery {
  readonly calls: SeenCall[] = [];
  readonly jobs = new Map<string, Record<string, unknown>>();
  /** Every query text received, in order. */
  readonly queries: string[] = [];
  /** While true every request answers 503 backendError. */
  down = false;
  /** Queries containing MERGE fail (400) while this is above 0, counting down. */
  failMerges = 0;
  /** The next load job is created but its answer is a 500, as when a response is lost. */
  loseNextUploadAnswer = false;
  private server: Server | undefined;
  private db: DuckDBConnection | undefined;
  url = '';

  async start(): Promise<this> {
    const instance = await DuckDBInstance.create(':memory:');
    this.db = await instance.connect();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.db?.closeSync();
  }

  /** Runs DuckDB SQL against the backing store (tables are `"dataset"."table"`). */
  async sql(text: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(text)).getRowObjectsJson() as Record<string, unknown>[];
  }

  private get conn(): DuckDBConnection {
    if (!this.db) throw new Error('fake BigQuery not started');
    return this.db;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    this.calls.push({ method: req.method ?? '', path: url.pathname + url.search, body });
    const send = (status: number, json?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    try {
      if (this.down) throw new HttpError(503, 'backendError', 'Service temporarily unavailable');
      send(200, await this.route(req.method ?? 'GET', url, body, req.headers['content-type'] ?? ''));
    } catch (error) {
      const e = error instanceof HttpError ? error : new HttpError(400, 'invalidQuery', (error as Error).message);
      const status = { 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' }[e.status] ?? 'UNAVAILABLE';
      send(e.status, {
        error: {
          code: e.status,
          message: e.message,
          status,
          errors: [{ message: e.message, domain: 'global', reason: e.reason }],
        },
      });
    }
  }

  private async route(method: string, url: URL, body: string, contentType: string): Promise<unknown> {
    const path = url.pathname;
    let m = path.match(/^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/);
    if (m && method === 'POST') return this.upload(m[1] as string, body, contentType);
    m = path.match(/^\/bigquery\/v2\/projects\/([^/]+)\/(.*)$/);
    if (!m) throw new HttpError(404, 'notFound', `Not found: ${path}`);
    const project = m[1] as string;
    const rest = (m[2] as string).split('/').map(decodeURIComponent);
    if (rest[0] === 'queries' && rest.length === 1 && method === 'POST') return this.query(project, JSON.parse(body));
    if (rest[0] === 'jobs' && rest.length === 2 && method === 'GET') {
      const job = this.jobs.get(rest[1] as string);
      if (!job) throw new HttpError(404, 'notFound', `Not found: Job ${project}:${rest[1]}`);
      return job;
    }
    if (rest[0] !== 'datasets') throw new HttpError(404, 'notFound', `Not found: ${path}`);
    const [, dataset, tables, table] = rest;
    if (dataset === undefined && method === 'POST') {
      const id = JSON.parse(body).datasetReference.datasetId as string;
      await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${ident(id)}`);
      return {
        kind: 'bigquery#dataset',
        id: `${project}:${id}`,
        datasetReference: { projectId: project, datasetId: id },
      };
    }
    if (dataset === undefined) throw new HttpError(404, 'notFound', 'Not found');
    if (tables === undefined && method === 'GET') {
      const found = await this.sql(`SELECT 1 FROM information_schema.schemata WHERE schema_name = ${quote(dataset)}`);
      if (found.length === 0) throw new HttpError(404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
      return {
        kind: 'bigquery#dataset',
        id: `${project}:${dataset}`,
        datasetReference: { projectId: project, datasetId: dataset },
      };
    }
    if (tables === 'tables' && table === undefined && method === 'POST') {
      const resource = JSON.parse(body) as { tableReference: { tableId: string }; schema: { fields: Field[] } };
      await this.createTable(dataset, resource.tableReference.tableId, resource.schema.fields, false);
      return this.tableResource(project, dataset, resource.tableReference.tableId);
    }
    if (tables === 'tables' && table !== undefined && method === 'GET')
      return this.tableResource(project, dataset, table);
    if (tables === 'tables' && table !== undefined && method === 'DELETE') {
      await this.tableResource(project, dataset, table);
      await this.conn.run(`DROP TABLE ${ident(dataset)}.${ident(table)}`);
      return undefined;
    }
    throw new HttpError(404, 'notFound', `Not found: ${method} ${path}`);
  }

  private async createTable(dataset: string, table: string, fields: Field[], replace: boolean): Promise<void> {
    const columns = fields.map(
      (f) =>
        `${ident(f.name)} ${TO_DUCK[f.type.toUpperCase()] ?? 'VARCHAR'}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`,
    );
    await this.conn.run(
      `CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${ident(dataset)}.${ident(table)} (${columns.join(', ')})`,
    );
  }

  private async tableResource(project: string, dataset: string, table: string): Promise<unknown> {
    const columns = await this.sql(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = ${quote(dataset)} AND table_name = ${quote(table)} ORDER BY ordinal_position`,
    );
    if (columns.length === 0) throw new HttpError(404, 'notFound', `Not found: Table ${project}:${dataset}.${table}`);
    return {
      kind: 'bigquery#table',
      id: `${project}:${dataset}.${table}`,
      tableReference: { projectId: project, datasetId: dataset, tableId: table },
      schema: {
        fields: columns.map((c) => ({
          name: c.column_name,
          type: FROM_DUCK[String(c.data_type)] ?? String(c.data_type),
          mode: c.is_nullable === 'YES' ? 'NULLABLE' : 'REQUIRED',
        })),
      },
    };
  }

  /** multipart/related: part 1 the Job resource, part 2 the data. */
  private async upload(project: string, body: string, contentType: string): Promise<unknown> {
    const boundary = contentType.match(/boundary=("?)([^";]+)\1/)?.[2];
    if (!boundary) throw new HttpError(400, 'invalid', 'multipart upload without a boundary');
    const parts = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => p.slice(p.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, ''));
    const job = JSON.parse(parts[0] ?? '{}') as {
      jobReference: { jobId: string; location?: string };
      configuration: {
        load: { destinationTable: { datasetId: string; tableId: string }; schema: { fields: Field[] } };
      };
    };
    const jobId = job.jobReference.jobId;
    if (this.jobs.has(jobId)) throw new HttpError(409, 'duplicate', `Already Exists: Job ${project}:US.${jobId}`);
    const { destinationTable, schema } = job.configuration.load;
    await this.createTable(destinationTable.datasetId, destinationTable.tableId, schema.fields, true);
    const rows = (parts[1] ?? '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (rows.length > 0) {
      const values = rows.map(
        (r) =>
          `(${schema.fields
            .map((f) => {
              const v = r[f.name];
              if (v === null || v === undefined) return 'NULL';
              return quote(typeof v === 'object' ? JSON.stringify(v) : String(v));
            })
            .join(', ')})`,
      );
      await this.conn.run(
        `INSERT INTO ${ident(destinationTable.datasetId)}.${ident(destinationTable.tableId)} VALUES ${values.join(', ')}`,
      );
    }
    const resource = {
      kind: 'bigquery#job',
      id: `${project}:US.${jobId}`,
      jobReference: { projectId: project, jobId, location: job.jobReference.location ?? 'US' },
      configuration: job.configuration,
      status: { state: 'DONE' },
      statistics: { load: { outputRows: String(rows.length) } },
    };
    this.jobs.set(jobId, resource);
    if (this.loseNextUploadAnswer) {
      this.loseNextUploadAnswer = false;
      throw new HttpError(500, 'backendError', 'the answer to this upload was lost');
    }
    return resource;
  }

  private async query(project: string, request: { query: string; location?: string }): Promise<unknown> {
    this.queries.push(request.query);
    if (/\bMERGE\b/.test(request.query) && this.failMerges > 0) {
      this.failMerges--;
      throw new HttpError(400, 'invalidQuery', 'injected MERGE failure');
    }
    const sql = request.query
      .replace(/`([^`.]+)\.([^`.]+)\.([^`.]+)`/g, (_all, _p, d: string, t: string) => `${ident(d)}.${ident(t)}`)
      .replace(/COMMIT TRANSACTION/g, 'COMMIT');
    const jobReference = { projectId: project, jobId: `job_${randomBytes(8).toString('hex')}`, location: 'US' };
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.conn.runAndReadAll(sql);
    } catch (error) {
      if (/BEGIN TRANSACTION/.test(sql)) await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (!/^\s*SELECT/i.test(sql))
      return { kind: 'bigquery#queryResponse', jobComplete: true, jobReference, totalRows: '0' };
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    return {
      kind: 'bigquery#queryResponse',
      jobComplete: true,
      jobReference,
      schema: {
        fields: names.map((name, i) => ({ name, type: FROM_DUCK[types[i] ?? ''] ?? 'STRING', mode: 'NULLABLE' })),
      },
      rows: reader.getRowsJson().map((row) => ({ f: row.map((v) => ({ v: v === null ? null : String(v) })) })),
      totalRows: String(reader.currentRowCount),
    };
  }
}
