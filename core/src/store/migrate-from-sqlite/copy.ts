import { PG_MIGRATIONS } from '../postgres/migrations/index.js';
import { converterFor } from './convert.js';
import { copyDocumentFiles, type DocumentFilesCopy } from './documents.js';
import { SqliteSource } from './source.js';
import { copyOrder, DOCUMENT_CONTENTS, SEEDED_BY_MIGRATIONS } from './tables.js';
import { type HeldRows, PgTarget } from './target.js';

/**
 * Why a migration stopped. Either way the target holds no copied row: `refused` (exit 2) means the input needs
 * fixing and nothing was tried; `failed` (exit 1) means the copy ran and its transaction was rolled back.
 */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly kind: 'refused' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export interface MigrateOptions {
  /** The SQLite database, `<data dir>/keybs.db`. */
  sourceFile: string;
  /** Its hub's encrypted document files, `<data dir>/documents`. */
  documentsDir: string;
  /** The PostgreSQL database, `postgres://…`. */
  targetUrl: string;
  /** Rows (and document files) copied so far, of all there are. */
  onProgress?: (done: number, total: number) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface MigrationResult {
  schemaVersion: number;
  /**
   * Each table's rows on both sides, counted inside the copy's transaction just before it committed; for
   * `document_contents`, the source side is the document files read from the data dir.
   */
  tables: TableCount[];
  /** True when every count matched and the copy was committed; false: rolled back, the target is as it was. */
  committed: boolean;
  /** Documents whose content is still kept (not purged). */
  storedDocuments: number;
  /** Their files copied into the database; undefined when this schema keeps document content outside it. */
  documentFiles?: DocumentFilesCopy;
}

const SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const listHeld = (held: HeldRows[]) =>
  held.map((h) => `${h.table}: ${h.rows} row${h.rows === 1 ? '' : 's'}`).join(', ');

function openSource(file: string): { source: SqliteSource; schemaVersion: number } {
  let source: SqliteSource;
  try {
    source = SqliteSource.open(file);
  } catch (error) {
    throw new MigrationError('refused', `cannot read ${file} as a SQLite database: ${message(error)}`);
  }
  const version = source.schemaVersion();
  if (version === SCHEMA_VERSION) return { source, schemaVersion: version };
  source.close();
  if (version === undefined) throw new MigrationError('refused', `${file} is not a KeyBS Hub database`);
  if (version < SCHEMA_VERSION) {
    throw new MigrationError(
      'refused',
      `${file} is at schema version ${version}, this hub's is ${SCHEMA_VERSION}: start this version of the hub ` +
        'on it once (keybs serve --data-dir DIR applies the pending migrations), stop it, then migrate',
    );
  }
  throw new MigrationError(
    'refused',
    `${file} is at schema version ${version}, newer than this hub knows (${SCHEMA_VERSION}): migrate with the ` +
      'hub version that wrote it',
  );
}

async function refuseIfHoldingData(target: PgTarget): Promise<void> {
  const held = await target.tablesHoldingData();
  if (held.length === 0) return;
  throw new MigrationError(
    'refused',
    `the target database already holds data (${listHeld(held)}); keybs migrate copies into an empty database ` +
      'only: create a new one (e.g. createdb keybs) and point --to or KEYBS_DATABASE_URL at it',
  );
}

/** The tables to copy, parents first, after checking both sides have the same ones. */
async function plan(source: SqliteSource, target: PgTarget): Promise<{ tables: string[]; documents: boolean }> {
  const tables = copyOrder(source.tables(), (t) => source.parents(t));
  const pgTables = await target.tables();
  const documents = pgTables.includes(DOCUMENT_CONTENTS);
  const missing = tables.filter((t) => !pgTables.includes(t));
  const extra = pgTables.filter((t) => !tables.includes(t) && t !== DOCUMENT_CONTENTS);
  if (missing.length > 0 || extra.length > 0) {
    throw new MigrationError(
      'failed',
      `the two schemas differ (SQLite only: ${missing.join(', ') || 'none'}; PostgreSQL only: ${extra.join(', ') || 'none'})`,
    );
  }
  return { tables, documents };
}

/** Copies one table in batches, as its rows are read, then moves its identity sequences past the copied ids. */
async function copyTable(
  source: SqliteSource,
  target: PgTarget,
  table: string,
  progress: (rows: number) => void,
): Promise<void> {
  const columns = source.columns(table);
  const types = await target.columns(table);
  const missing = columns.filter((c) => !types.has(c));
  const extra = [...types.keys()].filter((c) => !columns.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`its columns differ (SQLite only: ${missing.join(', ')}; PostgreSQL only: ${extra.join(', ')})`);
  }
  const pgTypes = columns.map((c) => types.get(c)?.type ?? 'text');
  const convert = columns.map((c, i) => converterFor(table, c, pgTypes[i] ?? 'text'));
  if (SEEDED_BY_MIGRATIONS.has(table)) await target.clear(table);
  let copied = 0;
  let batch: unknown[][] = [];
  let bytes = 0;
  const flush = async () => {
    try {
      await target.insert(table, columns, pgTypes, batch);
    } catch (error) {
      throw new Error(`rows ${copied + 1}–${copied + batch.length}: ${message(error)}`);
    }
    copied += batch.length;
    progress(batch.length);
    batch = [];
    bytes = 0;
  };
  for (const row of source.rows(table, columns)) {
    batch.push(row.map((value, i) => (convert[i] ? convert[i](value) : value)));
    for (const value of row) bytes += typeof value === 'string' || Buffer.isBuffer(value) ? value.length : 8;
    if (PgTarget.full(batch.length, bytes)) await flush();
  }
  if (batch.length > 0) await flush();
  const autoincrement = source.autoincrement().get(table) ?? 0n;
  for (const [column, { identity }] of types) {
    if (identity) await target.resetIdentity(table, column, autoincrement);
  }
}

/** Inside the open transaction: copies everything, counts both sides, commits only if every count matches. */
async function copyAll(
  source: SqliteSource,
  target: PgTarget,
  options: MigrateOptions,
  schemaVersion: number,
): Promise<MigrationResult> {
  const { tables, documents } = await plan(source, target);
  const counts = new Map(tables.map((t) => [t, source.count(t)]));
  const storedDocuments = source.storedDocuments();
  const total = [...counts.values()].reduce((a, b) => a + b, 0) + (documents ? storedDocuments : 0);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  progress(0);
  for (const table of tables) {
    try {
      await copyTable(source, target, table, progress);
    } catch (error) {
      throw new MigrationError('failed', `copying ${table} failed: ${message(error)}`);
    }
  }
  let documentFiles: DocumentFilesCopy | undefined;
  if (documents) {
    try {
      documentFiles = await copyDocumentFiles(source, target, options.documentsDir, progress);
    } catch (error) {
      throw new MigrationError('failed', `copying the document files failed: ${message(error)}`);
    }
    counts.set(DOCUMENT_CONTENTS, documentFiles.copied);
  }
  const result: TableCount[] = [];
  for (const [table, rows] of counts) result.push({ table, source: rows, target: await target.count(table) });
  const committed = result.every((t) => t.source === t.target);
  if (committed) await target.commit();
  else await target.rollback();
  return { schemaVersion, tables: result, committed, storedDocuments, ...(documentFiles && { documentFiles }) };
}

/**
 * Copies a SQLite hub database (and its document files, where PostgreSQL keeps document content) into an
 * empty PostgreSQL database: the PostgreSQL migrations first, then every table in foreign-key order in one
 * transaction, ids and sequence numbers as they are, identity sequences moved past them; it commits only when
 * every table's row count matches the source's.
 */
export async function migrateFromSqlite(options: MigrateOptions): Promise<MigrationResult> {
  const { source, schemaVersion } = openSource(options.sourceFile);
  let target: PgTarget | undefined;
  try {
    try {
      target = await PgTarget.connect(options.targetUrl);
    } catch (error) {
      throw new MigrationError('failed', `cannot connect to the target database: ${message(error)}`);
    }
    // Checked before the migrations too, so a database in use is not even upgraded.
    await refuseIfHoldingData(target);
    try {
      await target.migrate();
    } catch (error) {
      throw new MigrationError('failed', `the PostgreSQL migrations failed: ${message(error)}`);
    }
    await target.begin();
    try {
      await refuseIfHoldingData(target); // a hub may have started on it in the meantime
      return await copyAll(source, target, options, schemaVersion);
    } catch (error) {
      await target.rollback();
      throw error;
    }
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError('failed', message(error)); // e.g. the connection dropped
  } finally {
    source.close();
    await target?.close();
  }
}
