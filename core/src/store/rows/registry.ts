import type { BulkCompany, BulkSource } from '../../checks/registry/bulk.js';

// Row shapes and mappers of the registry tables, the same in the SQLite and PostgreSQL stores.

export interface CompanyRow {
  source: BulkSource;
  country_code: string;
  registration_id: string;
  legal_name: string;
  status: BulkCompany['status'];
  status_detail: string | null;
  incorporated_on: string | null;
  address: string | null;
  imported_at: number;
}

export const fromRow = (r: CompanyRow): BulkCompany => ({
  source: r.source,
  countryCode: r.country_code,
  registrationId: r.registration_id,
  legalName: r.legal_name,
  status: r.status,
  statusDetail: r.status_detail,
  incorporatedOn: r.incorporated_on,
  address: r.address,
  importedAt: r.imported_at,
});
