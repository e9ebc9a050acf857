import type { CoverageList } from '@keybs/sdk';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { hubJson } from '../hub.js';

export interface CountryChoice {
  id: string;
  name: string;
  tier: number;
}

/** One choice per covered jurisdiction, plus the codes a row also accepts (`JE` through `GG`). */
async function perform(z: ZObject, bundle: Bundle): Promise<CountryChoice[]> {
  const coverage = await hubJson<CoverageList>(z, bundle, { method: 'GET', path: '/v1/coverage' });
  const choices = coverage.data.flatMap((row) => [
    { id: row.country_code, name: `${row.name} (${row.country_code}) · tier ${row.tier}`, tier: row.tier },
    ...row.also_accepts.map((code) => ({ id: code, name: `${code}: covered as ${row.name}`, tier: row.tier })),
  ]);
  return choices.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** Hidden trigger that feeds the Country dropdown of the order action from `GET /v1/coverage`. */
export const listCountries = {
  key: 'list_countries',
  noun: 'Country',
  display: { label: 'List Countries', description: 'The jurisdictions the hub covers.', hidden: true },
  operation: {
    type: 'polling',
    perform,
    sample: { id: 'MY', name: 'Malaysia (MY) · tier 2', tier: 2 },
    outputFields: [
      { key: 'id', label: 'Country code' },
      { key: 'name', label: 'Name' },
      { key: 'tier', label: 'Tier', type: 'integer' },
    ],
  },
} satisfies Trigger;

/** The Country input field, a dropdown filled by `list_countries`. */
export const COUNTRY_DROPDOWN = {
  key: 'country_code',
  label: 'Country',
  dynamic: `${listCountries.key}.id.name`,
  helpText: 'The jurisdiction of the registry (ISO 3166-1 alpha-2); 217 are covered.',
} as const;
