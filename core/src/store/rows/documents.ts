import type { DocumentChecks } from '@keybs/contract';

// Row shapes and mappers of the documents tables, the same in the SQLite and PostgreSQL stores.

/** Documents uploaded before content checks existed. */
export const UNCHECKED: DocumentChecks = {
  text: 'none',
  names_supplier: null,
  names_registration_id: null,
  dates_found: 0,
  implausible_dates: [],
  score: null,
  reasons: ['uploaded before content checks existed'],
};
