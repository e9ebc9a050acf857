import { readEconomies } from './economies.js';
import { profileFor } from './profiles.js';

export interface RegistrySource {
  name: string;
  url: string | null;
  access: 'api' | 'bulk_import' | 'manual';
}

export interface IdentifierFormat {
  name: string;
  example: string | null;
  /** True exactly where `validateRegistrationId` refuses ids that fail this form. */
  validated: boolean;
}

export interface Jurisdiction {
  /** ISO 3166-1 alpha-2 (Kosovo: XK). */
  countryCode: string;
  worldBankCode: string;
  /** The World Bank's name for the economy. */
  name: string;
  tier: 1 | 2 | 3;
  /** Further country codes this row covers: the Channel Islands row GG also accepts JE. */
  alsoAccepts: string[];
  registrySources: RegistrySource[];
  identifierFormats: IdentifierFormat[];
}

let loaded: { list: readonly Jurisdiction[]; byCode: ReadonlyMap<string, Jurisdiction> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const list = readEconomies()
    .map((economy): Jurisdiction => ({ ...economy, ...profileFor(economy.countryCode) }))
    .sort((a, b) => (a.countryCode < b.countryCode ? -1 : a.countryCode > b.countryCode ? 1 : 0));
  const byCode = new Map<string, Jurisdiction>();
  for (const jurisdiction of list) {
    for (const code of [jurisdiction.countryCode, ...jurisdiction.alsoAccepts]) byCode.set(code, jurisdiction);
  }
  loaded = { list: Object.freeze(list), byCode };
  return loaded;
}

/** All 217 World Bank economies, sorted by country code; read from the CSV on first use. */
export function listJurisdictions(): readonly Jurisdiction[] {
  return load().list;
}

/** The jurisdiction for a country code, any case (`JE` gives the Channel Islands row `GG`); unknown → undefined. */
export function findJurisdiction(code: string): Jurisdiction | undefined {
  return load().byCode.get(code.trim().toUpperCase());
}
