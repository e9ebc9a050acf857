import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../store/sqlite/migrate.js';
import { registry } from '../../store/sqlite/migrations/004-registry.js';
import { MIGRATIONS } from '../../store/sqlite/migrations/index.js';
import { sqliteBulkRegistryStore } from '../../store/sqlite/registry.js';
import type { BulkRegistryStore } from './bulk.js';
import { bulkRegistryProvider } from './bulk.js';
import { companiesHouseFileStatus, ukDate } from './bulk-formats.js';
import { ImportFormatError, type ImportProgress, importBulkRegistry } from './bulk-import.js';

/** The header of Companies House's BasicCompanyData CSV as published, leading spaces included. */
const CH_HEADER = [
  'CompanyName',
  ' CompanyNumber',
  'RegAddress.CareOf',
  'RegAddress.POBox',
  'RegAddress.AddressLine1',
  ' RegAddress.AddressLine2',
  'RegAddress.PostTown',
  'RegAddress.County',
  'RegAddress.Country',
  'RegAddress.PostCode',
  'CompanyCategory',
  'CompanyStatus',
  'CountryOfOrigin',
  'DissolutionDate',
  'IncorporationDate',
  'Accounts.AccountRefDay',
  'Accounts.AccountRefMonth',
  'Accounts.NextDueDate',
  'Accounts.LastMadeUpDate',
  'Accounts.AccountCategory',
  'Returns.NextDueDate',
  'Returns.LastMadeUpDate',
  'Mortgages.NumMortCharges',
  'Mortgages.NumMortOutstanding',
  'Mortgages.NumMortPartSatisfied',
  'Mortgages.NumMortSatisfied',
  'SICCode.SicText_1',
  'SICCode.SicText_2',
  'SICCode.SicText_3',
  'SICCode.SicText_4',
  'LimitedPartnerships.NumGenPartners',
  'LimitedPartnerships.NumLimPartners',
  'URI',
  ...Array.from({ length: 10 }, (_, i) => [
    ` PreviousName_${i + 1}.CONDATE`,
    ` PreviousName_${i + 1}.CompanyName`,
  ]).flat(),
  'ConfStmtNextDueDate',
  ' ConfStmtLastMadeUpDate',
];

/** A subset of the LEI-CDF 3.1 golden copy CSV columns, in the published order. */
const GLEIF_HEADER = [
  'LEI',
  'Entity.LegalName',
  'Entity.LegalName.xmllang',
  'Entity.OtherEntityNames.OtherEntityName.1',
  'Entity.LegalAddress.FirstAddressLine',
  'Entity.LegalAddress.AdditionalAddressLine.1',
  'Entity.LegalAddress.AdditionalAddressLine.2',
  'Entity.LegalAddress.AdditionalAddressLine.3',
  'Entity.LegalAddress.City',
  'Entity.LegalAddress.Region',
  'Entity.LegalAddress.Country',
  'Entity.LegalAddress.PostalCode',
  'Entity.HeadquartersAddress.FirstAddressLine',
  'Entity.HeadquartersAddress.City',
  'Entity.HeadquartersAddress.Country',
  'Entity.RegistrationAuthority.RegistrationAuthorityID',
  'Entity.RegistrationAuthority.RegistrationAuthorityEntityID',
  'Entity.LegalJurisdiction',
  'Entity.EntityCategory',
  'Entity.LegalForm.EntityLegalFormCode',
  'Entity.EntityStatus',
  'Entity.EntityCreationDate',
  'Entity.EntityExpirationDate',
  'Entity.EntityExpirationReason',
  'Registration.InitialRegistrationDate',
  'Registration.LastUpdateDate',
  'Registration.RegistrationStatus',
  'Registration.NextRenewalDate',
  'Registration.ManagingLOU',
];

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
/** One CSV line with every value quoted (both files quote all values), columns not given left empty. */
function line(header: readonly string[], values: Record<string, string>): string {
  return header.map((name) => quote(values[name.trim()] ?? '')).join(',');
}
const chLine = (values: Record<string, string>) => line(CH_HEADER, values);
const gleifLine = (values: Record<string, string>) => line(GLEIF_HEADER, values);

let dir: string;
let store: BulkRegistryStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keybs-bulk-'));
  const db = new Database(join(dir, 'keybs.db'));
  const withRegistry = MIGRATIONS.some((m) => m.version === 4)
    ? MIGRATIONS
    : [...MIGRATIONS, { version: 4, name: 'registry', sql: registry }];
  migrate(db, withRegistry);
  store = sqliteBulkRegistryStore(db);
});
const file = (name: string, lines: string[], eol = '\n') => {
  const path = join(dir, name);
  writeFileSync(path, lines.join(eol) + eol);
  return path;
};

const acme = {
  CompanyName: 'ACME WIDGETS LIMITED',
  CompanyNumber: '09446231',
  'RegAddress.AddressLine1': '1, EXAMPLE STREET',
  'RegAddress.PostTown': 'LONDON',
  'RegAddress.PostCode': 'EC1A 1BB',
  CompanyCategory: 'Private Limited Company',
  CompanyStatus: 'Active',
  CountryOfOrigin: 'United Kingdom',
  IncorporationDate: '17/02/2015',
  URI: 'http://business.data.gov.uk/id/company/09446231',
};

describe('importBulkRegistry: Companies House free company data', () => {
  it('imports the real layout (spaced headers, quoted values), then the provider finds the companies', async () => {
    const path = file('BasicCompanyData-2024-06-01-part1_7.csv', [
      CH_HEADER.join(','),
      chLine(acme),
      chLine({ ...acme, CompanyName: 'HIGHLAND TRADING LTD', CompanyNumber: 'SC123456', CompanyStatus: 'Liquidation' }),
      chLine({
        ...acme,
        CompanyName: 'FADING LTD',
        CompanyNumber: '7654321',
        CompanyStatus: 'Active - Proposal to Strike off',
      }),
      chLine({
        ...acme,
        CompanyName: 'GONE LTD',
        CompanyNumber: '00000042',
        CompanyStatus: 'Dissolved',
        IncorporationDate: '',
      }),
    ]);
    const report = await importBulkRegistry(store, {
      file: path,
      format: 'companies-house',
      now: () => 1_717_200_000_000,
    });
    expect(report).toMatchObject({
      source: 'companies-house',
      lines: 5,
      imported: 4,
      bad: 0,
      badLines: [],
      removed: 0,
    });

    const provider = bulkRegistryProvider(store);
    expect(provider.covers('GB', '9446231')).toBe(true);
    expect(provider.covers('FR', '9446231')).toBe(false);
    expect(provider.covers('GB', '5493001KJTIIGC8Y1R12')).toBe(false);
    expect(await provider.lookup({ countryCode: 'gb', registrationId: '9446231', supplier: 'Acme' })).toEqual({
      found: true,
      record: {
        status: 'active',
        statusDetail: 'Active (Companies House bulk file imported 2024-06-01)',
        legalName: 'ACME WIDGETS LIMITED',
        registrationId: '09446231',
        incorporatedOn: '2015-02-17',
        address: '1, EXAMPLE STREET, LONDON, EC1A 1BB',
        owners: null,
        jurisdiction: 'GB',
        asOf: '2024-06-01T00:00:00.000Z',
      },
    });
    const status = async (id: string) => {
      const result = await provider.lookup({ countryCode: 'GB', registrationId: id, supplier: 'x' });
      return result.found ? [result.record.status, result.record.incorporatedOn] : 'not found';
    };
    expect(await status('SC123456')).toEqual(['inactive', '2015-02-17']);
    expect(await status('07654321')).toEqual(['active', '2015-02-17']);
    expect(await status('42')).toEqual(['dissolved', null]);
    expect(await status('12345678')).toBe('not found');
  });

  it('skips bad lines, reports them with their line numbers, and imports the rest', async () => {
    const path = file('part2.csv', [
      CH_HEADER.join(','),
      chLine(acme),
      chLine({ ...acme, CompanyNumber: 'XX123456' }),
      chLine({ ...acme, CompanyNumber: '00000001', CompanyStatus: 'Something Else' }),
      '"TRUNCATED LTD","00000002","",""',
      chLine({ ...acme, CompanyNumber: '00000003', IncorporationDate: '2015-02-17' }),
      '',
      chLine({ ...acme, CompanyNumber: '00000004', CompanyName: '' }),
      chLine({ ...acme, CompanyNumber: '00000005', CompanyName: 'STRAY "QUOTE LTD' }).replace(
        '"STRAY ""QUOTE LTD"',
        '"STRAY "QUOTE LTD"',
      ),
      chLine({ ...acme, CompanyNumber: '00000006', CompanyName: 'FINE LTD' }),
    ]);
    const report = await importBulkRegistry(store, { file: path, format: 'companies-house' });
    expect(report.imported).toBe(2 + 1);
    expect(report.bad).toBe(5);
    expect(report.badLines).toEqual([
      { line: 3, reason: "CompanyNumber 'XX123456' is not a Companies House number" },
      { line: 4, reason: "CompanyStatus 'Something Else' is not one this hub knows" },
      { line: 5, reason: `expected ${CH_HEADER.length} fields, found 4` },
      { line: 6, reason: "IncorporationDate '2015-02-17' is not dd/mm/yyyy" },
      { line: 8, reason: 'CompanyName is empty' },
    ]);
    const found = await store.find({ countryCode: 'GB', registrationId: '00000006' });
    expect(found?.legalName).toBe('FINE LTD');
    expect((await store.find({ countryCode: 'GB', registrationId: '00000005' }))?.legalName).toBe('STRAY "QUOTE LTD');
  });

  it('keeps only the first ten bad lines but counts them all', async () => {
    const bad = Array.from({ length: 25 }, (_, i) => chLine({ ...acme, CompanyNumber: `ZZ${i}` }));
    const report = await importBulkRegistry(store, {
      file: file('bad.csv', [CH_HEADER.join(','), ...bad]),
      format: 'companies-house',
    });
    expect(report.bad).toBe(25);
    expect(report.badLines.map((b) => b.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reports a stray quote on its own line and reads the lines after it', async () => {
    const lines = [
      CH_HEADER.join(','),
      '"BROKEN LTD,00000007',
      ...Array.from({ length: 25 }, (_, i) => chLine({ ...acme, CompanyNumber: String(100 + i) })),
    ];
    const report = await importBulkRegistry(store, { file: file('stray.csv', lines), format: 'companies-house' });
    expect(report.badLines).toEqual([{ line: 2, reason: 'a quoted field is never closed' }]);
    expect(report.imported).toBe(25);
  });

  it('reads a quoted value that spans lines, CRLF line ends and a byte-order mark', async () => {
    const multi = chLine({ ...acme, CompanyNumber: '00000008', 'RegAddress.AddressLine1': 'UNIT 4\r\nTHE YARD' });
    const path = file(
      'crlf.csv',
      [`\uFEFF${CH_HEADER.join(',')}`, multi, chLine({ ...acme, CompanyNumber: '00000009' })],
      '\r\n',
    );
    const report = await importBulkRegistry(store, { file: path, format: 'companies-house' });
    expect(report).toMatchObject({ lines: 4, imported: 2, bad: 0 });
    expect((await store.find({ countryCode: 'GB', registrationId: '00000008' }))?.address).toBe(
      'UNIT 4 THE YARD, LONDON, EC1A 1BB',
    );
  });

  it('writes in batches and reports progress: lines, bytes done of total', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => chLine({ ...acme, CompanyNumber: String(200 + i) }));
    const path = file('progress.csv', [CH_HEADER.join(','), ...rows]);
    const seen: ImportProgress[] = [];
    const report = await importBulkRegistry(store, {
      file: path,
      format: 'companies-house',
      batchSize: 5,
      onProgress: (p) => seen.push(p),
    });
    expect(report.imported).toBe(12);
    expect(seen.map((p) => p.imported)).toEqual([5, 10, 12]);
    expect(seen.map((p) => p.lines)).toEqual([6, 11, 13]);
    const last = seen.at(-1);
    expect(last?.bytesTotal).toBeGreaterThan(0);
    expect(last?.bytesDone).toBe(last?.bytesTotal);
    for (const p of seen) expect(p.bytesDone).toBeLessThanOrEqual(p.bytesTotal);
  });

  it('refuses a file of another format before writing anything', async () => {
    const path = file('gleif.csv', [GLEIF_HEADER.join(','), gleifLine({ LEI: '5493001KJTIIGC8Y1R12' })]);
    await expect(importBulkRegistry(store, { file: path, format: 'companies-house' })).rejects.toThrow(
      ImportFormatError,
    );
    await expect(importBulkRegistry(store, { file: path, format: 'companies-house' })).rejects.toThrow(
      /no column CompanyName, CompanyNumber, CompanyStatus/,
    );
    expect(store.coverage().size).toBe(0);
    await expect(importBulkRegistry(store, { file: file('empty.csv', []), format: 'gleif' })).rejects.toThrow(/empty/);
  });

  it('with replace, a newer full file removes the companies it no longer lists', async () => {
    const first = file('v1.csv', [CH_HEADER.join(','), chLine(acme), chLine({ ...acme, CompanyNumber: '00000010' })]);
    await importBulkRegistry(store, { file: first, format: 'companies-house', now: () => 1_000 });
    const second = file('v2.csv', [CH_HEADER.join(','), chLine(acme)]);
    const report = await importBulkRegistry(store, {
      file: second,
      format: 'companies-house',
      replace: true,
      now: () => 2_000,
    });
    expect(report.removed).toBe(1);
    expect(await store.find({ countryCode: 'GB', registrationId: '00000010' })).toBeNull();
    expect((await store.find({ countryCode: 'GB', registrationId: '09446231' }))?.importedAt).toBe(2_000);

    const none = file('v3.csv', [CH_HEADER.join(',')]);
    await importBulkRegistry(store, { file: none, format: 'companies-house', replace: true, now: () => 3_000 });
    expect(store.coverage().has('GB')).toBe(false);
    expect(bulkRegistryProvider(store).covers('GB', '09446231')).toBe(false);
  });
});

describe('importBulkRegistry: GLEIF golden copy', () => {
  const bloomberg = {
    LEI: '5493001KJTIIGC8Y1R12',
    'Entity.LegalName': 'Bloomberg Finance L.P.',
    'Entity.LegalName.xmllang': 'en',
    'Entity.LegalAddress.FirstAddressLine': '731 Lexington Avenue',
    'Entity.LegalAddress.City': 'New York',
    'Entity.LegalAddress.Region': 'US-NY',
    'Entity.LegalAddress.Country': 'US',
    'Entity.LegalAddress.PostalCode': '10022',
    'Entity.LegalJurisdiction': 'US-DE',
    'Entity.EntityCategory': 'GENERAL',
    'Entity.EntityStatus': 'ACTIVE',
    'Entity.EntityCreationDate': '',
    'Registration.InitialRegistrationDate': '2012-06-06T15:52:59Z',
    'Registration.RegistrationStatus': 'ISSUED',
  };

  it('imports LEI records and finds them from any country', async () => {
    const path = file('20240601-0800-gleif-goldencopy-lei2-golden-copy.csv', [
      GLEIF_HEADER.map(quote).join(','),
      gleifLine(bloomberg),
      gleifLine({
        ...bloomberg,
        LEI: '549300DISSOLVED0XY03',
        'Entity.LegalName': 'Dissolved Widgets GmbH',
        'Entity.LegalJurisdiction': 'DE',
        'Entity.LegalAddress.Country': 'DE',
        'Entity.EntityStatus': 'INACTIVE',
        'Entity.EntityCreationDate': '2001-03-14T00:00:00+01:00',
        'Entity.EntityExpirationReason': 'DISSOLVED',
        'Registration.RegistrationStatus': 'RETIRED',
      }),
      gleifLine({
        ...bloomberg,
        LEI: '549300LAPSED00000Y91',
        'Entity.LegalName': 'Lapsed BV',
        'Entity.LegalJurisdiction': '',
        'Entity.LegalAddress.Country': 'NL',
        'Registration.RegistrationStatus': 'LAPSED',
      }),
      gleifLine({ ...bloomberg, LEI: '5493001KJTIIGC8Y1R13' }),
      gleifLine({ ...bloomberg, LEI: '549300RETIRED0000X43', 'Entity.EntityStatus': 'WHATEVER' }),
    ]);
    const report = await importBulkRegistry(store, { file: path, format: 'gleif', now: () => 1_717_200_000_000 });
    expect(report).toMatchObject({ source: 'gleif', imported: 3, bad: 2 });
    expect(report.badLines).toEqual([
      { line: 5, reason: "LEI '5493001KJTIIGC8Y1R13' is not an LEI with valid check digits" },
      { line: 6, reason: "statuses 'WHATEVER' / 'ISSUED' are not ones this hub knows" },
    ]);
    expect([...store.coverage().keys()].sort()).toEqual(['DE', 'NL', 'US']);

    const provider = bulkRegistryProvider(store);
    expect(provider.covers('MY', '5493001KJTIIGC8Y1R12')).toBe(true);
    expect(provider.covers('MY', '123456-X')).toBe(false);
    const result = await provider.lookup({ countryCode: 'GB', registrationId: '5493001kjtiigc8y1r12', supplier: 'x' });
    expect(result).toEqual({
      found: true,
      record: {
        status: 'active',
        statusDetail: 'entity ACTIVE, registration ISSUED (GLEIF golden copy imported 2024-06-01)',
        legalName: 'Bloomberg Finance L.P.',
        registrationId: '5493001KJTIIGC8Y1R12',
        incorporatedOn: null,
        address: '731 Lexington Avenue, New York, 10022, US',
        owners: null,
        jurisdiction: 'US',
        asOf: '2024-06-01T00:00:00.000Z',
      },
    });
    const dissolved = await provider.lookup({
      countryCode: 'DE',
      registrationId: '549300DISSOLVED0XY03',
      supplier: 'x',
    });
    expect(dissolved.found && [dissolved.record.status, dissolved.record.incorporatedOn]).toEqual([
      'dissolved',
      '2001-03-14',
    ]);
    expect(await provider.lookup({ countryCode: 'US', registrationId: '549300ANNULLED000Z62', supplier: 'x' })).toEqual(
      {
        found: false,
      },
    );
    await expect(provider.lookup({ countryCode: 'MY', registrationId: '123456-X', supplier: 'x' })).rejects.toThrow(
      /no imported registry file/,
    );
  });
});

describe('companiesHouseFileStatus', () => {
  it.each([
    ['Active', 'active'],
    ['Active - Proposal to Strike off', 'active'],
    ['Dissolved', 'dissolved'],
    ['Converted/Closed', 'dissolved'],
    ['Liquidation', 'inactive'],
    ['In Administration', 'inactive'],
    ['In Administration/Administrative Receiver', 'inactive'],
    ['ADMINISTRATION ORDER', 'inactive'],
    ['RECEIVERSHIP', 'inactive'],
    ['RECEIVER MANAGER / ADMINISTRATIVE RECEIVER', 'inactive'],
    ['Voluntary Arrangement', 'inactive'],
    ['VOLUNTARY ARRANGEMENT / ADMINISTRATIVE RECEIVER', 'inactive'],
    ['Live but Receiver Manager on at least one charge', 'inactive'],
    ['', null],
    ['Pending', null],
  ])('%j → %s', (text, expected) => {
    expect(companiesHouseFileStatus(text)).toBe(expected);
  });

  it('reads dd/mm/yyyy dates and refuses impossible ones', () => {
    expect(ukDate('17/02/2015')).toBe('2015-02-17');
    expect(ukDate('1/2/2015')).toBe('2015-02-01');
    expect(ukDate('')).toBeNull();
    expect(ukDate('31/02/2015')).toBeUndefined();
    expect(ukDate('2015-02-17')).toBeUndefined();
  });
});
