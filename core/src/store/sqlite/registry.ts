import type Database from 'better-sqlite3';
import type { BulkCompany, BulkRegistryStore, BulkSource } from '../../checks/registry/bulk.js';
import { type CompanyRow, fromRow } from '../rows/registry.js';

/** The local registry copy in the hub's SQLite database (tables of migration 004). */
export function sqliteBulkRegistryStore(db: Database.Database): BulkRegistryStore {
  const upsertRow = db.prepare(`INSERT OR REPLACE INTO registry_companies
    (source, country_code, registration_id, legal_name, status, status_detail, incorporated_on, address, imported_at)
    VALUES (@source, @countryCode, @registrationId, @legalName, @status, @statusDetail, @incorporatedOn, @address,
      @importedAt)`);
  const upsertSource = db.prepare(`INSERT INTO registry_sources (source, country_code, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source, country_code) DO UPDATE SET updated_at = excluded.updated_at`);
  const inCountry = db.prepare(
    'SELECT * FROM registry_companies WHERE country_code = ? AND registration_id = ? AND source = coalesce(?, source)',
  );
  const anywhere = db.prepare(
    'SELECT * FROM registry_companies WHERE registration_id = ? AND source = coalesce(?, source) LIMIT 1',
  );
  const deleteOld = db.prepare('DELETE FROM registry_companies WHERE source = ? AND imported_at < ?');
  const forgetEmpty = db.prepare(`DELETE FROM registry_sources WHERE source = ? AND NOT EXISTS (
    SELECT 1 FROM registry_companies c WHERE c.source = registry_sources.source
      AND c.country_code = registry_sources.country_code)`);
  const sources = db.prepare('SELECT source, country_code FROM registry_sources');

  const write = db.transaction((rows: readonly BulkCompany[]) => {
    const seen = new Set<string>();
    for (const row of rows) {
      upsertRow.run(row);
      const key = `${row.source} ${row.countryCode}`;
      if (!seen.has(key)) {
        seen.add(key);
        upsertSource.run(row.source, row.countryCode, row.importedAt);
      }
    }
  });
  const prune = db.transaction((source: BulkSource, before: number) => {
    const removed = deleteOld.run(source, before).changes;
    forgetEmpty.run(source);
    return removed;
  });

  // `coverage` runs on every registry check: keep it in memory until this connection writes, or another
  // connection (the CLI's import) commits anything (SQLite's data_version).
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let cached: Map<string, Set<BulkSource>> | null = null;
  let seenVersion = -1;

  return {
    coverage() {
      const version = dataVersion.get() as number;
      if (cached === null || version !== seenVersion) {
        const map = new Map<string, Set<BulkSource>>();
        for (const r of sources.all() as { source: BulkSource; country_code: string }[]) {
          map.set(r.country_code, (map.get(r.country_code) ?? new Set()).add(r.source));
        }
        cached = map;
        seenVersion = version;
      }
      return cached;
    },
    async find({ registrationId, countryCode, source }) {
      const row = (
        countryCode === undefined
          ? anywhere.get(registrationId, source ?? null)
          : inCountry.get(countryCode, registrationId, source ?? null)
      ) as CompanyRow | undefined;
      return row ? fromRow(row) : null;
    },
    async upsert(rows) {
      write(rows);
      cached = null;
    },
    async prune(source, before) {
      const removed = prune(source, before);
      cached = null;
      return removed;
    },
  };
}
