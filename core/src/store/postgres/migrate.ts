import type { Migration } from '../sqlite/migrations/index.js';
import type { Sql } from './db.js';
import { PG_MIGRATIONS } from './migrations/index.js';

/** Several hub processes may start at once: the first migrates, the others wait for it under this lock. */
const MIGRATION_LOCK = 7_242_000;

/**
 * Applies every migration not yet applied, in one transaction holding an advisory lock (DDL is transactional
 * in PostgreSQL: a failed migration leaves the schema as it was). Returns those applied.
 */
export async function migratePg(sql: Sql, migrations: readonly Migration[] = PG_MIGRATIONS): Promise<Migration[]> {
  await sql.query('BEGIN');
  try {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const rows = await sql.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new Error(
        `the database is at schema version ${newest}, newer than this hub knows (${known}); upgrade the hub`,
      );
    }
    const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
    for (const m of pending) {
      await sql.query(m.sql);
      await sql.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    }
    await sql.query('COMMIT');
    return pending;
  } catch (error) {
    await sql.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
