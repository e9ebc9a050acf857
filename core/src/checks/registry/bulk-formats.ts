import { normalizeCompaniesHouseNumber } from '../../jurisdictions/identifiers/gb-companies-house.js';
import { formatAddress, isoDate } from './address.js';
import type { BulkCompany, BulkSource } from './bulk.js';
import { asLei } from './gleif.js';
import { gleifStatus } from './gleif-status.js';
import type { RegistryRecord } from './provider.js';

export type BulkFormat = 'companies-house' | 'gleif';
export const BULK_FORMATS: readonly BulkFormat[] = ['companies-house', 'gleif'];

/** A data row by column name (names compared trimmed and case-insensitively); '' for an absent column. */
export type Row = (column: string) => string;

/** How one file layout becomes companies: the columns it must have, and the mapping of one row. */
export interface BulkFormatSpec {
  source: BulkSource;
  /** Column names that must be in the header. */
  required: readonly string[];
  /** Of these, at least one must be in the header. */
  oneOf?: readonly string[];
  /** The company, or why the row cannot be imported. */
  toCompany(row: Row, importedAt: number): BulkCompany | string;
}

/**
 * `CompanyStatus` of Companies House's free company data (BasicCompanyData) → registry status. The file
 * words statuses freely ('Active - Proposal to Strike off', 'In Administration/Administrative Receiver',
 * 'RECEIVER MANAGER / ADMINISTRATIVE RECEIVER', 'Live but Receiver Manager on at least one charge'), so
 * this matches words: closed forms first, then insolvency words, then active. Anything else is reported.
 */
export function companiesHouseFileStatus(text: string): RegistryRecord['status'] | null {
  const status = text.trim().toLowerCase();
  if (/dissolved|converted\s*\/\s*closed/.test(status)) return 'dissolved';
  if (/liquidation|administrat|receiver|voluntary arrangement|insolvency|closed|removed/.test(status))
    return 'inactive';
  if (/^(active|live|open|registered)\b/.test(status)) return 'active';
  return null;
}

/** `dd/mm/yyyy` (the free company data's date form) → `yyyy-mm-dd`; `undefined` when malformed. */
export function ukDate(text: string): string | null | undefined {
  const value = text.trim();
  if (value === '') return null;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!match) return undefined;
  const [, d = '', m = '', y = ''] = match;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

const companiesHouse: BulkFormatSpec = {
  source: 'companies-house',
  required: ['CompanyName', 'CompanyNumber', 'CompanyStatus'],
  toCompany(row, importedAt) {
    const registrationId = normalizeCompaniesHouseNumber(row('CompanyNumber'));
    if (registrationId === null) return `CompanyNumber '${row('CompanyNumber')}' is not a Companies House number`;
    const legalName = row('CompanyName').trim();
    if (!legalName) return 'CompanyName is empty';
    const status = companiesHouseFileStatus(row('CompanyStatus'));
    if (status === null) return `CompanyStatus '${row('CompanyStatus')}' is not one this hub knows`;
    const incorporatedOn = ukDate(row('IncorporationDate'));
    if (incorporatedOn === undefined) return `IncorporationDate '${row('IncorporationDate')}' is not dd/mm/yyyy`;
    return {
      source: 'companies-house',
      countryCode: 'GB',
      registrationId,
      legalName,
      status,
      statusDetail: row('CompanyStatus').trim(),
      incorporatedOn,
      address: formatAddress(
        ['AddressLine1', 'AddressLine2', 'PostTown', 'County', 'PostCode', 'Country'].map((p) =>
          row(`RegAddress.${p}`),
        ),
      ),
      importedAt,
    };
  },
};

const gleif: BulkFormatSpec = {
  source: 'gleif',
  required: ['LEI', 'Entity.LegalName', 'Entity.EntityStatus', 'Registration.RegistrationStatus'],
  oneOf: ['Entity.LegalJurisdiction', 'Entity.LegalAddress.Country'],
  toCompany(row, importedAt) {
    const lei = asLei(row('LEI'));
    if (lei === null) return `LEI '${row('LEI')}' is not an LEI with valid check digits`;
    const legalName = row('Entity.LegalName').trim();
    if (!legalName) return 'Entity.LegalName is empty';
    // The legal jurisdiction (`GB`, `US-DE`) says where the entity is registered; the address is a fallback.
    const country =
      /^([A-Z]{2})(?:-|$)/.exec(row('Entity.LegalJurisdiction').trim().toUpperCase())?.[1] ??
      /^[A-Z]{2}$/.exec(row('Entity.LegalAddress.Country').trim().toUpperCase())?.[0];
    if (!country) return 'neither Entity.LegalJurisdiction nor Entity.LegalAddress.Country names a country';
    const status = gleifStatus({
      entityStatus: row('Entity.EntityStatus'),
      registrationStatus: row('Registration.RegistrationStatus'),
      expirationReason: row('Entity.EntityExpirationReason'),
    });
    if (status === null) {
      return `statuses '${row('Entity.EntityStatus')}' / '${row('Registration.RegistrationStatus')}' are not ones this hub knows`;
    }
    const address = [
      'FirstAddressLine',
      'AdditionalAddressLine.1',
      'AdditionalAddressLine.2',
      'AdditionalAddressLine.3',
    ];
    return {
      source: 'gleif',
      countryCode: country,
      registrationId: lei,
      legalName,
      status: status.status,
      statusDetail: status.detail,
      incorporatedOn: isoDate(row('Entity.EntityCreationDate')),
      address: formatAddress(
        [...address, 'City', 'PostalCode', 'Country'].map((part) => row(`Entity.LegalAddress.${part}`)),
      ),
      importedAt,
    };
  },
};

export const BULK_FORMAT_SPECS: Readonly<Record<BulkFormat, BulkFormatSpec>> = {
  'companies-house': companiesHouse,
  gleif,
};
