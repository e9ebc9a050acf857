import type { BulkRegistryStore, BulkSource } from '../../checks/registry/bulk.js';
import { type CompanyRow, fromRow } from '../rows/registry.js';
import type { PgDb } from './db.js';

/** How stale the in-memory coverage may be after another process (the CLI's import) changed it. */
export const COVERAGE_REFRESH_MS = 5_000;

export interface PgRegistryStore extends BulkRegistryStore {
  /** Reads the coverage table into memory (at start, and every few seconds while the store is open). */
  refreshCoverage(): Promise<void>;
}

/**
 * The local registry copy (tables of migration 004). `coverage()` is synchronous by contract, so it answers
 * from memory: loaded at start, reloaded after this process writes and every COVERAGE_REFRESH_MS.
 */
export function pgBulkRegistryStore(db: PgDb): PgRegistryStore {
  let coverage = new Map<string, Set<BulkSource>>();
  const refreshCoverage = async () => {
    const map = new Map<string, Set<BulkSource>>();
    const rows = await db.query<{ source: BulkSource; country_code: string }>(
      'SELECT source, country_code FROM registry_sources',
    );
    for (const r of rows) map.set(r.country_code, (map.get(r.country_code) ?? new Set()).add(r.source));
    coverage = map;
  };

  return {
    refreshCoverage,
    coverage() {
      return coverage;
    },
    async find({ registrationId, countryCode, source }) {
      const row =
        countryCode === undefined
          ? await db.one<CompanyRow>(
              'SELECT * FROM registry_companies WHERE registration_id = $1 AND source = coalesce($2, source) LIMIT 1',
              [registrationId, source ?? null],
            )
          : await db.one<CompanyRow>(
              `SELECT * FROM registry_companies WHERE country_code = $1 AND registration_id = $2
                AND source = coalesce($3, source)`,
              [countryCode, registrationId, source ?? null],
            );
      return row ? fromRow(row) : null;
    },
    async upsert(rows) {
      await db.tx(async (sql) => {
        const seen = new Set<string>();
        for (const r of rows) {
          await sql.run(
            `INSERT INTO registry_companies (source, country_code, registration_id, legal_name, status,
              status_detail, incorporated_on, address, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
              ON CONFLICT (country_code, registration_id) DO UPDATE SET source = excluded.source,
                legal_name = excluded.legal_name, status = excluded.status, status_detail = excluded.status_detail,
                incorporated_on = excluded.incorporated_on, address = excluded.address,
                imported_at = excluded.imported_at`,
            [
              r.source,
              r.countryCode,
              r.registrationId,
              r.legalName,
              r.status,
              r.statusDetail,
              r.incorporatedOn,
              r.address,
              r.importedAt,
            ],
          );
          const key = `${r.source} ${r.countryCode}`;
          if (seen.has(key)) continue;
          seen.add(key);
          await sql.run(
            `INSERT INTO registry_sources (source, country_code, updated_at) VALUES ($1, $2, $3)
              ON CONFLICT (source, country_code) DO UPDATE SET updated_at = excluded.updated_at`,
            [r.source, r.countryCode, r.importedAt],
          );
        }
      });
      await refreshCoverage();
    },
    async prune(source, before) {
      const removed = await db.tx(async (sql) => {
        const n = await sql.run('DELETE FROM registry_companies WHERE source = $1 AND imported_at < $2', [
          source,
          before,
        ]);
        await sql.run(
          `DELETE FROM registry_sources s WHERE s.source = $1 AND NOT EXISTS (
            SELECT 1 FROM registry_companies c WHERE c.source = s.source AND c.country_code = s.country_code)`,
          [source],
        );
        return n;
      });
      await refreshCoverage();
      return removed;
    },
  };
}
