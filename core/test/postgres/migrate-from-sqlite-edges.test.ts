import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, migrateFromSqlite } from '../../src/store/migrate-from-sqlite/copy.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import type { Store } from '../../src/store/store.js';
import { order } from './fixtures.js';
import { rowCounts } from './row-counts.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from './test-database.js';

const NOW = Date.UTC(2026, 0, 15);

/** The edges of `keybs migrate --from-sqlite` (the whole hub moved over is migrate-from-sqlite.test.ts). */
describe.skipIf(!TEST_DATABASE_URL)('migrating a SQLite database into PostgreSQL: edges and failures', () => {
  let dir: string;
  let file: string;
  let database: TestDatabase;
  let pgStore: Store | undefined;

  const run = (onProgress?: () => void) =>
    migrateFromSqlite({ sourceFile: file, documentsDir: join(dir, 'documents'), targetUrl: database.url, onProgress });

  /** A SQLite hub database with `n` verifications (one event each), written through the store. */
  async function source(n: number): Promise<void> {
    const store = openSqliteStore(file);
    for (let i = 0; i < n; i++) await order(store, `${i}`, NOW);
    await store.close();
  }

  const sqlite = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };

  /** Rows in the target, leaving out the report cursor's row that the migrations write. */
  const copiedRows = async () => {
    const counts = await rowCounts(database.url);
    return Object.entries(counts).filter(([table, n]) => n > 0 && !(table === 'report_cursor' && n === 1));
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keybs-migrate-edges-'));
    file = join(dir, 'keybs.db');
    const made = await testDatabase(`migrate-edges-${Math.random()}`);
    if (!made) throw new Error('no test database');
    database = made;
  });

  afterEach(async () => {
    await pgStore?.close();
    pgStore = undefined;
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies one snapshot: what a running hub writes during the copy is neither copied nor miscounted', async () => {
    await source(300);
    const writer = new Database(file);
    let written = 0;
    try {
      const insert = writer.prepare(
        `INSERT INTO events (id, type, livemode, verification_id, payload, created_at)
         VALUES (?, 'verification.status_changed', 0, NULL, '{}', ?)`,
      );
      const result = await run(() => {
        insert.run(`evt_during_${written++}`, NOW);
      });
      expect(written).toBeGreaterThan(2);
      expect(result.committed).toBe(true);
      expect(result.tables.find((t) => t.table === 'events')).toEqual({ table: 'events', source: 300, target: 300 });
    } finally {
      writer.close();
    }
    expect(sqlite((db) => db.prepare('SELECT count(*) AS n FROM events').get())).toEqual({ n: 300 + written });
  });

  it('refuses a target that holds data, and leaves it as it was', async () => {
    await source(2);
    expect((await run()).committed).toBe(true);
    const before = await rowCounts(database.url);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ kind: 'refused' });
    expect((error as Error).message).toMatch(
      /^the target database already holds data \(.*verifications: 2 rows.*\); keybs migrate copies into an empty database only/,
    );
    expect(await rowCounts(database.url)).toEqual(before);
  });

  it('refuses a source at an older schema version, telling the user to run the newer hub on it first', async () => {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, -1));
    db.close();
    const error = await run().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'refused' });
    const older = MIGRATIONS.length - 1;
    expect((error as Error).message).toBe(
      `${file} is at schema version ${older}, this hub's is ${MIGRATIONS.length}: start this version of the hub on ` +
        'it once (keybs serve --data-dir DIR applies the pending migrations), stop it, then migrate',
    );
    expect(await rowCounts(database.url)).toEqual({}); // not even the schema was created
  });

  it('refuses a file that is not a hub database', async () => {
    writeFileSync(file, 'not a database at all, just text that is long enough to have a header page or two');
    await expect(run()).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/cannot read .* as a SQLite database/),
    });
    rmSync(file);
    new Database(file).close();
    await expect(run()).rejects.toMatchObject({ kind: 'refused', message: `${file} is not a KeyBS Hub database` });
  });

  it('a value PostgreSQL refuses midway rolls the whole copy back, naming the table and the value', async () => {
    await source(5);
    // SQLite keeps text in an INTEGER column; the report cursor is copied after verifications and events.
    sqlite((db) => db.prepare("UPDATE report_cursor SET seq = 'soon'").run());
    const error = await run().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'failed' });
    expect((error as Error).message).toBe(
      'copying report_cursor failed: rows 1–1: invalid input syntax for type bigint: "soon"',
    );
    expect(await copiedRows()).toEqual([]);

    // Nothing was left behind: once the value is fixed, the same target takes the copy.
    sqlite((db) => db.prepare('UPDATE report_cursor SET seq = 0').run());
    const result = await run();
    expect(result.committed).toBe(true);
    expect(result.tables.find((t) => t.table === 'verifications')).toMatchObject({ source: 5, target: 5 });
  });

  it('new event seqs continue after the highest ever handed out, even when the newest rows were deleted', async () => {
    await source(3);
    sqlite((db) => db.prepare('DELETE FROM events WHERE seq = 3').run());
    expect((await run()).committed).toBe(true);
    const store = openPostgresStore(database.url);
    pgStore = store;
    const id = await order(store, 'after', NOW);
    expect(id).toBe('KBS-VR-2026-000004');
    expect((await store.events.forVerification(id)).map((e) => e.seq)).toEqual([4]);
  });

  it('copies each stored document file into the database, and reports one that is missing', async () => {
    await source(1);
    sqlite((db) => {
      const add = db.prepare(
        `INSERT INTO documents (id, livemode, verification_id, type, filename, content_type, size, sha256,
           wrapped_key, created_at, purged_at)
         VALUES (?, 0, 'KBS-VR-2026-000001', 'certificate_of_incorporation', 'c.pdf', 'application/pdf', 3, 'x', 'k', 1, ?)`,
      );
      add.run('doc_present', null);
      add.run('doc_lost', null);
      add.run('doc_purged', 2);
    });
    mkdirSync(join(dir, 'documents'));
    writeFileSync(join(dir, 'documents', 'doc_present'), Buffer.from([0, 1, 2, 255]));
    writeFileSync(join(dir, 'documents', 'doc_purged'), 'a purged document left behind: not copied');
    const result = await run();
    expect(result.committed).toBe(true);
    expect(result.storedDocuments).toBe(2);
    expect(result.documentFiles).toEqual({ copied: 1, missing: 1, missingIds: ['doc_lost'] });
    expect(result.tables.find((t) => t.table === 'document_contents')).toEqual({
      table: 'document_contents',
      source: 1,
      target: 1,
    });
    const store = openPostgresStore(database.url);
    pgStore = store;
    expect(await store.documentContent?.read('doc_present')).toEqual(Buffer.from([0, 1, 2, 255]));
  });
});
