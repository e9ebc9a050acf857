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
}

export type RegistryLookup = { found: true; record: RegistryRecord } | { found: false };

/** A source of company records: a registry API, a bulk file, or the test-mode simulator. */
export interface RegistryProvider {
  readonly name: string;
  covers(countryCode: string): boolean;
  /** Throws `RetryableCheckError` when the registry did not answer. */
  lookup(query: { countryCode: string; registrationId: string; supplier: string }): Promise<RegistryLookup>;
}
