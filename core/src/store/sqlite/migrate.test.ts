import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'keybs-migrate-')), 'keybs.db');

describe('migrate', () => {
  it('applies every migration once, and nothing on a second start', () => {
    const db = new Database(file());
    expect(migrate(db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['verifications', 'events', 'api_keys', 'checks']),
    );
  });

  it('a failing migration leaves the schema as it was', () => {
    const db = new Database(file());
    migrate(db);
    const broken = [
      ...MIGRATIONS,
      { version: 99, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.length });
  });

  it('refuses a database newer than the hub', () => {
    const db = new Database(file());
    migrate(db);
    db.prepare('INSERT INTO schema_migrations VALUES (42, ?, ?)').run('future', Date.now());
    expect(() => migrate(db)).toThrow(/newer than this hub knows/);
  });
});
