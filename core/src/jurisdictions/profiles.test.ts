import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countryFormats } from './identifiers/country-formats.js';
import { validateRegistrationId } from './identifiers.js';
import { findJurisdiction, listJurisdictions } from './jurisdictions.js';
import { profileFor, registries, registryNumberNames, tier1, tier2 } from './profiles.js';

const covered = new Set(listJurisdictions().map((j) => j.countryCode));

describe('profile tables', () => {
  it('name only covered country codes (no typos)', () => {
    const named = [
      ...tier1,
      ...tier2,
      ...Object.keys(registries),
      ...Object.keys(registryNumberNames),
      ...Object.keys(countryFormats),
    ];
    expect(named.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('puts no country in two tiers', () => {
    expect([...tier1].filter((code) => tier2.has(code))).toEqual([]);
  });

  it('sets the tiers of the documented examples', () => {
    const tiers = (codes: string[]) => codes.map((code) => profileFor(code).tier);
    expect(tiers(['GB', 'DE', 'FR', 'US', 'CA', 'AU', 'NZ', 'SG', 'HK', 'JP', 'KR', 'CH', 'NO', 'IL'])).toEqual(
      Array(14).fill(1),
    );
    expect(tiers(['MY', 'BR', 'MX', 'ZA', 'IN', 'TH', 'ID', 'PH', 'TR', 'AE', 'SA'])).toEqual(Array(11).fill(2));
    expect(tiers(['AF', 'SO', 'TV', 'KP'])).toEqual([3, 3, 3, 3]);
  });
});

describe('registry sources', () => {
  it('use api access only for GLEIF and GB Companies House', () => {
    const api = listJurisdictions().flatMap((j) =>
      j.registrySources
        .filter((s) => s.access === 'api' && s.name !== 'GLEIF (LEI)')
        .map((s) => `${j.countryCode}:${s.name}`),
    );
    expect(api).toEqual(['GB:Companies House']);
    expect(findJurisdiction('GB')?.registrySources[0]).toEqual({
      name: 'Companies House',
      url: 'https://find-and-update.company-information.service.gov.uk',
      access: 'api',
    });
  });

  it('give jurisdictions without a recorded registry the generic national registry', () => {
    expect(findJurisdiction('TV')?.registrySources).toEqual([
      { name: 'National company registry', url: null, access: 'manual' },
      { name: 'GLEIF (LEI)', url: 'https://api.gleif.org/api/v1', access: 'api' },
    ]);
  });

  it('have https URLs or none', () => {
    for (const j of listJurisdictions()) {
      for (const source of j.registrySources)
        expect(source.url === null || source.url.startsWith('https://')).toBe(true);
    }
  });
});

describe('identifier formats agree with validateRegistrationId', () => {
  // Not any country's registration id: contains characters no form allows.
  const garbage = '#not-an-id#';

  it('mark a form validated exactly where an id failing every form is refused', () => {
    for (const j of listJurisdictions()) {
      const own = j.identifierFormats.filter((f) => f.name !== 'LEI (ISO 17442)');
      const refuses = validateRegistrationId(j.countryCode, garbage).status === 'invalid';
      expect(own.length, j.countryCode).toBeGreaterThan(0);
      expect(
        own.map((f) => f.validated),
        j.countryCode,
      ).toEqual(own.map(() => refuses));
    }
  });

  it('accept every example they show', () => {
    for (const j of listJurisdictions()) {
      for (const format of j.identifierFormats) {
        if (format.example === null) continue;
        // Forms may overlap (a Finnish VAT number also passes as Y-tunnus), so any of the country's forms may answer.
        const check = validateRegistrationId(j.countryCode, format.example);
        expect(check.status, `${j.countryCode} ${format.name} ${format.example}`).toBe('valid');
        if (check.status === 'valid') expect(j.identifierFormats.map((f) => f.name)).toContain(check.format);
      }
    }
  });

  it('list the registry number as unchecked where it cannot be validated', () => {
    expect(findJurisdiction('DE')?.identifierFormats).toEqual([
      { name: 'Handelsregisternummer', example: null, validated: false },
      { name: 'VAT number', example: 'DE136695976', validated: false },
      { name: 'LEI (ISO 17442)', example: '5493001KJTIIGC8Y1R12', validated: true },
    ]);
    expect(findJurisdiction('AF')?.identifierFormats).toEqual([
      { name: 'Company registration number', example: null, validated: false },
      { name: 'LEI (ISO 17442)', example: '5493001KJTIIGC8Y1R12', validated: true },
    ]);
  });
});

describe('docs/jurisdictions.md', () => {
  it('lists exactly the countries where an id can be invalid', () => {
    const doc = readFileSync(new URL('../../../docs/jurisdictions.md', import.meta.url), 'utf8');
    const listed = /Countries where an id can be invalid: ([A-Z, \n]+)\./
      .exec(doc)?.[1]
      ?.split(/[,\s]+/)
      .filter(Boolean);
    const refusing = Object.entries(countryFormats)
      .filter(([, forms]) => forms.exhaustive)
      .map(([code]) => code)
      .sort();
    expect(listed).toEqual(refusing);
  });
});
