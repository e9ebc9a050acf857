import type { RegistryStatus } from '@keybs/contract';

/** A company as a registry reports it. */
export interface RegistryRecord {
  status: Exclude<RegistryStatus, 'unavailable' | 'not_found'>;
  legalName: string;
  registrationId: string;
  incorporatedOn: string | null;
  address: string | null;
  /** Beneficial owners as the registry reports them, when it does. */
  owners: { name: string; ownershipPct: number | null }[] | null;
  /** The status in the registry's own words (e.g. `liquidation`, `entity ACTIVE, registration LAPSED`), kept as evidence. */
  statusDetail?: string | null;
  /** The jurisdiction the registry records (ISO 3166, e.g. `US-DE`), when it says; may differ from the order's. */
  jurisdiction?: string | null;
  /** When the data was read from the registry (ISO 8601); for a bulk file, when it was imported. */
  asOf?: string | null;
}

export type RegistryLookup = { found: true; record: RegistryRecord } | { found: false };

/** A source of company records: a registry API, a bulk file, or the test-mode simulator. */
export interface RegistryProvider {
  readonly name: string;
  /**
   * Whether this provider can look the company up. With `registrationId`, also whether it knows ids of that
   * form (GLEIF answers for LEIs only, in every country); callers should pass it.
   */
  covers(countryCode: string, registrationId?: string): boolean;
  /** Throws `RetryableCheckError` when the registry did not answer. */
  lookup(query: { countryCode: string; registrationId: string; supplier: string }): Promise<RegistryLookup>;
}
