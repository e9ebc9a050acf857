import { normalizeCompaniesHouseNumber } from '../../jurisdictions/identifiers/gb-companies-house.js';
import { asLei } from './gleif.js';
import type { RegistryLookup, RegistryProvider, RegistryRecord } from './provider.js';

/** Where bulk rows came from: Companies House's free company data, or GLEIF's LEI-CDF golden copy. */
export type BulkSource = 'companies-house' | 'gleif';

/** One company of an imported file. */
export interface BulkCompany {
  source: BulkSource;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** Normalized: 8-character company number, or the LEI. */
  registrationId: string;
  legalName: string;
  status: RegistryRecord['status'];
  /** The status as the file words it. */
  statusDetail: string | null;
  incorporatedOn: string | null;
  address: string | null;
  /** When the import that wrote the row started (ms since epoch). */
  importedAt: number;
}

/** The local copy of bulk registry files. */
export interface BulkRegistryStore {
  /** The sources with rows, per country. Synchronous because `covers` is: implementations keep it cheap. */
  coverage(): ReadonlyMap<string, ReadonlySet<BulkSource>>;
  /** A company by normalized id, in one country, or in any when `countryCode` is omitted (LEIs are global). */
  find(query: { registrationId: string; countryCode?: string; source?: BulkSource }): Promise<BulkCompany | null>;
  /** Writes the rows in one transaction, replacing rows with the same country and id. */
  upsert(rows: readonly BulkCompany[]): Promise<void>;
  /** Deletes a source's rows written before `before` (a newer full file no longer has them); returns how many. */
  prune(source: BulkSource, before: number): Promise<number>;
}

/** The normalized id as a source stores it, or `null` when the id is not of a form that source holds. */
export const BULK_ID_FORMS: Readonly<Record<BulkSource, (registrationId: string) => string | null>> = {
  'companies-house': normalizeCompaniesHouseNumber,
  gleif: asLei,
};

const SOURCE_NAMES: Readonly<Record<BulkSource, string>> = {
  'companies-house': 'Companies House bulk file',
  gleif: 'GLEIF golden copy',
};

/** The sources that may hold this id for this country: national files by country, the GLEIF copy everywhere. */
function candidates(
  coverage: ReadonlyMap<string, ReadonlySet<BulkSource>>,
  countryCode: string,
  registrationId: string,
): { source: BulkSource; id: string; global: boolean }[] {
  const found: { source: BulkSource; id: string; global: boolean }[] = [];
  const here = coverage.get(countryCode.trim().toUpperCase());
  for (const source of here ?? []) {
    const id = BULK_ID_FORMS[source](registrationId);
    if (id !== null && source !== 'gleif') found.push({ source, id, global: false });
  }
  const lei = asLei(registrationId);
  if (lei !== null && [...coverage.values()].some((sources) => sources.has('gleif'))) {
    found.push({ source: 'gleif', id: lei, global: true });
  }
  return found;
}

/**
 * A registry provider over the imported files. It covers a country when a national file for it was imported
 * (and the id has that file's form), and every country for LEIs once a GLEIF golden copy was imported.
 * A miss is `not found` as of the import; note that Companies House's free file lists live companies only.
 */
export function bulkRegistryProvider(store: BulkRegistryStore): RegistryProvider {
  return {
    name: 'Local registry copy (bulk import)',
    covers(countryCode, registrationId) {
      const coverage = store.coverage();
      if (registrationId !== undefined) return candidates(coverage, countryCode, registrationId).length > 0;
      return coverage.has(countryCode.trim().toUpperCase()) || [...coverage.values()].some((s) => s.has('gleif'));
    },
    async lookup({ countryCode, registrationId }): Promise<RegistryLookup> {
      const sources = candidates(store.coverage(), countryCode, registrationId);
      if (sources.length === 0) {
        // Not `found: false`: no imported file could hold this id.
        throw new Error(`no imported registry file holds ids like '${registrationId}' in ${countryCode}`);
      }
      for (const { source, id, global } of sources) {
        const row = await store.find(
          global
            ? { registrationId: id, source }
            : { registrationId: id, countryCode: countryCode.trim().toUpperCase(), source },
        );
        if (!row) continue;
        const asOf = new Date(row.importedAt).toISOString();
        return {
          found: true,
          record: {
            status: row.status,
            statusDetail: `${row.statusDetail ?? row.status} (${SOURCE_NAMES[row.source]} imported ${asOf.slice(0, 10)})`,
            legalName: row.legalName,
            registrationId: row.registrationId,
            incorporatedOn: row.incorporatedOn,
            address: row.address,
            owners: null,
            jurisdiction: row.countryCode,
            asOf,
          },
        };
      }
      return { found: false };
    },
  };
}
