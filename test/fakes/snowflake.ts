import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Snowflake's REST protocol as snowflake-sdk speaks it (point the driver's `accessUrl` here), backed by an
 * in-memory DuckDB that really executes the SQL; one DuckDB connection per session, so TEMPORARY tables are
 * the session's own:
 * - `POST /session/v1/login-request` `{data:{LOGIN_NAME,PASSWORD,…}}` → `{success,data:{token,masterToken,…}}`
 *   (wrong password → `success:false`, code 390100);
 * - `POST /queries/v1/query-request` with `Authorization: Snowflake Token="…"`, `{sqlText, bindings?}` where
 *   bindings are `{"1":{type,value}}` and an array `value` binds one row per element →
 *   `{success,data:{rowtype,rowset,total,returned,queryId,…}}`; SQL errors → `success:false` with the code;
 * - `POST /session?delete=true`; `DESCRIBE TABLE` answers with Snowflake's names and types.
 */

const TO_DUCK: [RegExp, string][] = [
  [/\bNUMBER\(38,\s*0\)/gi, 'BIGINT'],
  [/\bFLOAT\b/gi, 'DOUBLE'],
  [/\bTIMESTAMP_NTZ\b/gi, 'TIMESTAMP'],
  [/\bVARIANT\b/gi, 'JSON'],
  [/\bPARSE_JSON\(([^()]*)\)/gi, 'CAST($1 AS JSON)'],
  [/^\s*BEGIN\s*$/i, 'BEGIN TRANSACTION'],
];
const SNOWFLAKE_TYPE: Record<string, string> = {
  VARCHAR: 'VARCHAR(16777216)',
  BIGINT: 'NUMBER(38,0)',
  INTEGER: 'NUMBER(38,0)',
  DOUBLE: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP_NTZ(9)',
  JSON: 'VARIANT',
};
const ROW_TYPE: Record<string, string> = {
  BIGINT: 'fixed',
  INTEGER: 'fixed',
  HUGEINT: 'fixed',
  DOUBLE: 'real',
  BOOLEAN: 'boolean',
};

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

interface Binding {
  type: string;
  value: string | null | (string | null)[];
}

export interface FakeSnowflakeOptions {
  username?: string;
  password?: string;
}

export class FakeSnowflake {
  /** Every sqlText received, in order, with its bindings. */
  readonly queries: { sqlText: string; bindings?: Record<string, Binding> }[] = [];
  readonly logins: Record<string, unknown>[] = [];
  /** Statements containing MERGE fail while this is above 0, counting down. */
  failMerges = 0;
  private server: Server | undefined;
  private instance: DuckDBInstance | undefined;
  private admin: DuckDBConnection | undefined;
  private readonly sessions = new Map<string, DuckDBConnection>();
  url = '';

  constructor(private readonly options: FakeSnowflakeOptions = {}) {}

  async start(): Promise<this> {
    this.instance = await DuckDBInstance.create(':memory:');
    this.admin = await this.instance.connect();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const c of this.sessions.values()) c.closeSync();
    this.admin?.closeSync();
  }

  /** Runs DuckDB SQL against the backing store, outside any session. */
  async sql(text: string): Promise<Record<string, unknown>[]> {
    if (!this.admin) throw new Error('fake Snowflake not started');
    return (await this.admin.runAndReadAll(text)).getRowObjectsJson() as Record<string, unknown>[];
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (json: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const token = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1];
    if (url.pathname === '/session/v1/login-request') return send(await this.login(body));
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (!session || token === undefined)
      return send({
        success: false,
        code: '390104',
        message: 'User must login again to access the service.',
        data: null,
      });
    if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
      session.closeSync();
      this.sessions.delete(token);
      return send({ success: true, code: null, message: null, data: null });
    }
    if (url.pathname === '/queries/v1/query-request') return send(await this.query(session, body));
    if (url.pathname.startsWith('/telemetry')) return send({ success: true, data: null });
    res.writeHead(404).end();
  }

  private async login(body: Record<string, unknown>): Promise<unknown> {
    const data = (body.data ?? {}) as Record<string, unknown>;
    this.logins.push(data);
    const wanted = this.options;
    if (
      (wanted.username !== undefined && data.LOGIN_NAME !== wanted.username) ||
      (wanted.password !== undefined && data.PASSWORD !== wanted.password)
    )
      return { success: false, code: '390100', message: 'Incorrect username or password was specified.', data: null };
    if (!this.instance) throw new Error('fake Snowflake not started');
    const token = `ver:1-hint:${randomBytes(12).toString('hex')}`;
    this.sessions.set(token, await this.instance.connect());
    return {
      success: true,
      code: null,
      message: null,
      data: {
        token,
        masterToken: `master-${token}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: Date.now(),
        parameters: [],
      },
    };
  }

  private async query(session: DuckDBConnection, body: Record<string, unknown>): Promise<unknown> {
    const sqlText = String(body.sqlText ?? '');
    const bindings = body.bindings as Record<string, Binding> | undefined;
    this.queries.push({ sqlText, ...(bindings && { bindings }) });
    const queryId = randomUUID();
    const fail = (code: string, message: string) => ({
      success: false,
      code,
      message,
      data: { errorCode: code, sqlState: '42000', queryId },
    });
    if (/\bMERGE\b/i.test(sqlText) && this.failMerges > 0) {
      this.failMerges--;
      return fail('000603', 'SQL execution internal error: injected MERGE failure');
    }
    const describe = /^\s*DESC(?:RIBE)?\s+TABLE\s+(\w+)\s*$/i.exec(sqlText);
    try {
      if (describe) return this.describe(session, describe[1] as string, queryId);
      const reader = await session.runAndReadAll(withBindings(translate(sqlText), bindings));
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      return result(
        queryId,
        names.map((n, i) => ({ name: n.toUpperCase(), type: ROW_TYPE[types[i] ?? ''] ?? 'text' })),
        reader
          .getRowsJson()
          .map((row) => row.map((v) => (v === null ? null : typeof v === 'boolean' ? (v ? '1' : '0') : String(v)))),
      );
    } catch (error) {
      const message = (error as Error).message;
      if (/does not exist/i.test(message)) return fail('002003', `SQL compilation error:\n${message}`);
      return fail('001003', `SQL compilation error:\n${message}`);
    }
  }

  private async describe(session: DuckDBConnection, table: string, queryId: string): Promise<unknown> {
    const rows = (await session.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJson();
    return result(
      queryId,
      ['name', 'type', 'kind', 'null?'].map((name) => ({ name, type: 'text' })),
      rows.map((r) => [
        String(r.column_name).toUpperCase(),
        SNOWFLAKE_TYPE[String(r.column_type)] ?? String(r.column_type),
        'COLUMN',
        r.null === 'YES' ? 'Y' : 'N',
      ]),
    );
  }
}

function translate(sql: string): string {
  return TO_DUCK.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sql);
}

/** Replaces each `?` (outside string literals) by its bound value; an array binding gives one row per element. */
function withBindings(sql: string, bindings: Record<string, Binding> | undefined): string {
  if (!bindings) return sql;
  const values = Object.keys(bindings)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => (bindings[k] as Binding).value);
  const literal = (v: string | null) => (v === null ? 'NULL' : quote(v));
  const rows = Array.isArray(values[0]) ? (values[0] as unknown[]).length : 1;
  const tuple = (row: number) =>
    `(${values.map((v) => literal(Array.isArray(v) ? (v[row] ?? null) : (v as string | null))).join(', ')})`;
  const match = /VALUES\s*\((\s*\?\s*,?)+\)/i.exec(sql);
  if (!match) throw new Error('the fake binds only INSERT … VALUES (?, …)');
  const tuples = Array.from({ length: rows }, (_, i) => tuple(i)).join(', ');
  return `${sql.slice(0, match.index)}VALUES ${tuples}${sql.slice(match.index + match[0].length)}`;
}

function result(queryId: string, columns: { name: string; type: string }[], rowset: (string | null)[][]) {
  return {
    success: true,
    code: null,
    message: null,
    data: {
      parameters: [],
      rowtype: columns.map((c) => ({
        name: c.name,
        database: '',
        schema: '',
        table: '',
        type: c.type,
        nullable: true,
        scale: c.type === 'fixed' ? 0 : null,
        precision: c.type === 'fixed' ? 38 : null,
        length: null,
        byteLength: null,
        collation: null,
      })),
      rowset,
      total: rowset.length,
      returned: rowset.length,
      queryId,
      queryResultFormat: 'json',
      statementTypeId: 4096,
      version: 1,
      finalDatabaseName: 'KEYBS',
      finalSchemaName: 'PUBLIC',
    },
  };
}
