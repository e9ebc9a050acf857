import Database from 'better-sqlite3';
import { NOT_COPIED, quote } from './tables.js';

/**
 * The SQLite database being copied, opened read-only and read in one read transaction: every count and row
 * comes from the same snapshot, however much a hub still running on the file writes meanwhile (WAL readers
 * never block the writer, nor see its later commits).
 */
export class SqliteSource {
  private constructor(private readonly db: Database.Database) {}

  /** Opens `file` read-only and starts the snapshot. Throws if it is not a SQLite database. */
  static open(file: string): SqliteSource {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.exec('BEGIN');
      // The snapshot starts at the first read of the transaction: this one.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return new SqliteSource(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The newest migration applied, or undefined when the file is not a hub database (no schema_migrations). */
  schemaVersion(): number | undefined {
    if (!this.hasTable('schema_migrations')) return undefined;
    const row = this.db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as {
      version: number | null;
    };
    return row.version ?? 0;
  }

  /** The hub's tables in the order the migrations created them (SQLite's own and the migration history left out). */
  tables(): string[] {
    const rows = this.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
      )
      .all() as { name: string }[];
    return rows.map((r) => r.name).filter((name) => !NOT_COPIED.has(name));
  }

  /** The tables `table`'s foreign keys point to. */
  parents(table: string): string[] {
    const keys = this.db.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as { table: string }[];
    return [...new Set(keys.map((k) => k.table))];
  }

  hasTable(table: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  }

  /** The table's columns in their schema order. */
  columns(table: string): string[] {
    return (this.db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name);
  }

  count(table: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
  }

  /**
   * The AUTOINCREMENT high-water mark of each table (`sqlite_sequence`): the largest id ever handed out, which
   * may exceed the largest id still present when the newest rows were deleted (old webhook deliveries are).
   */
  autoincrement(): Map<string, bigint> {
    if (!this.hasTable('sqlite_sequence')) return new Map();
    const rows = this.db.prepare('SELECT name, seq FROM sqlite_sequence').safeIntegers(true).all() as {
      name: string;
      seq: bigint;
    }[];
    return new Map(rows.map((r) => [r.name, r.seq]));
  }

  /** Documents whose sealed content is still kept (not purged under retention). */
  storedDocuments(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM documents WHERE purged_at IS NULL').get() as { n: number }).n;
  }

  /** The ids of the documents whose sealed content is still kept (not purged under retention), one at a time. */
  storedDocumentIds(): IterableIterator<string> {
    return this.db
      .prepare('SELECT id FROM documents WHERE purged_at IS NULL ORDER BY seq')
      .pluck()
      .iterate() as IterableIterator<string>;
  }

  /**
   * The table's rows as arrays in `columns` order, read one at a time (never the whole table in memory).
   * Integers come as BigInt so none is rounded. While the iterator is open the connection runs nothing else.
   */
  rows(table: string, columns: readonly string[]): IterableIterator<unknown[]> {
    const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`;
    return this.db.prepare(select).raw(true).safeIntegers(true).iterate() as IterableIterator<unknown[]>;
  }

  close(): void {
    if (!this.db.open) return;
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}
