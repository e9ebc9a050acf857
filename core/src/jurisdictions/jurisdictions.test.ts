import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEconomies } from './economies.js';
import { findJurisdiction, listJurisdictions } from './jurisdictions.js';

describe('listJurisdictions', () => {
  it('lists the 217 World Bank economies once each, sorted by country code', () => {
    const list = listJurisdictions();
    expect(list).toHaveLength(217);
    const codes = list.map((j) => j.countryCode);
    expect(new Set(codes).size).toBe(217);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(list.map((j) => j.worldBankCode)).size).toBe(217);
  });

  it('loads the data once', () => {
    expect(listJurisdictions()).toBe(listJurisdictions());
  });

  it('keeps names that contain commas whole', () => {
    expect(findJurisdiction('BS')?.name).toBe('Bahamas, The');
    expect(findJurisdiction('KR')?.name).toBe('Korea, Rep.');
  });

  it('gives every row a tier, registry sources ending with GLEIF, and identifier formats ending with LEI', () => {
    for (const j of listJurisdictions()) {
      expect([1, 2, 3]).toContain(j.tier);
      expect(j.registrySources.at(-1)).toEqual({
        name: 'GLEIF (LEI)',
        url: 'https://api.gleif.org/api/v1',
        access: 'api',
      });
      expect(j.identifierFormats.at(-1)).toMatchObject({ name: 'LEI (ISO 17442)', validated: true });
    }
  });
});

describe('findJurisdiction', () => {
  it('finds a row by its code in any case', () => {
    expect(findJurisdiction('my')).toMatchObject({ countryCode: 'MY', worldBankCode: 'MYS', name: 'Malaysia' });
    expect(findJurisdiction(' Gb ')?.countryCode).toBe('GB');
  });

  it('puts Malaysia in tier 2 with SSM as its registry', () => {
    const my = findJurisdiction('MY');
    expect(my?.tier).toBe(2);
    expect(my?.registrySources[0]).toEqual({
      name: 'Suruhanjaya Syarikat Malaysia (SSM)',
      url: 'https://www.ssm.com.my',
      access: 'manual',
    });
  });

  it('answers JE with the Channel Islands row GG', () => {
    const je = findJurisdiction('je');
    expect(je).toBe(findJurisdiction('GG'));
    expect(je).toMatchObject({ countryCode: 'GG', worldBankCode: 'CHI', name: 'Channel Islands', alsoAccepts: ['JE'] });
    expect(listJurisdictions().some((j) => j.countryCode === 'JE')).toBe(false);
  });

  it('covers Kosovo as XK', () => {
    expect(findJurisdiction('XK')).toMatchObject({ worldBankCode: 'XKX', name: 'Kosovo' });
  });

  it('returns undefined for codes that are not covered', () => {
    expect(findJurisdiction('ZZ')).toBeUndefined();
    expect(findJurisdiction('TW')).toBeUndefined();
    expect(findJurisdiction('')).toBeUndefined();
    expect(findJurisdiction('MYS')).toBeUndefined();
  });
});

describe('readEconomies', () => {
  const write = (text: string): URL => {
    const file = join(mkdtempSync(join(tmpdir(), 'keybs-economies-')), 'economies.csv');
    writeFileSync(file, text);
    return pathToFileURL(file);
  };

  it('refuses a file with another header', () => {
    expect(() => readEconomies(write('code,iso,name\nABW,AW,Aruba\n'))).toThrow(/expected header/);
  });

  it('refuses a row without a two-letter code', () => {
    expect(() => readEconomies(write('world_bank_code,iso2,name\nABW,ABW,Aruba\n'))).toThrow(/malformed row 2/);
  });
});
