import { compactId, type RegistrationFormat } from './format.js';

/**
 * Entity type codes (digits 5–6) of SSM's 12-digit registration numbers, introduced 11 October 2019:
 * `YYYY` year of registration, `TT` entity type, `NNNNNN` running number.
 */
export const ssmEntityTypes: Readonly<Record<string, string>> = {
  '01': 'local company',
  '02': 'foreign company',
  '03': 'business',
  '04': 'local limited liability partnership',
  '05': 'foreign limited liability partnership',
  '06': 'limited liability partnership for professional practice',
};

// Older SSM numbers, still printed next to the new ones:
// company `1287654-K`; business (ROB) `001234567-P` or `JM0123456-D`; LLP `LLP0012345-LGN`.
const oldCompany = /^(\d{1,7})-?([A-Z])$/;
const oldBusiness = /^([A-Z]{2}|\d{2})(\d{7})-?([A-Z])$/;
const oldLlp = /^LLP(\d{7})-?([A-Z]{3})$/;
const newNumber = /^(\d{4})(\d{2})(\d{6})$/;

/**
 * Normalizes a Companies Commission of Malaysia (SSM) registration number, or returns `null` when the
 * input is none of its forms. The check letter of the old forms is kept as given (its algorithm is not
 * published). The new form must have a year from 1900 to the current year and a known entity type.
 */
export function normalizeSsmNumber(input: string, now: Date = new Date()): string | null {
  const value = compactId(input).replace(/^\((.*)\)$/, '$1');
  // Both numbers pasted together, as SSM prints them: `201901000005 (1312525-A)`.
  const both = /^(\d{12})\(([^()]+)\)$/.exec(value);
  if (both) {
    const [, fresh = '', old = ''] = both;
    const normalized = normalizeSsmNumber(fresh, now);
    return normalized !== null && normalizeSsmNumber(old, now) !== null ? normalized : null;
  }
  const fresh = newNumber.exec(value);
  if (fresh) {
    const year = Number(fresh[1]);
    const known = fresh[2] !== undefined && fresh[2] in ssmEntityTypes;
    return year >= 1900 && year <= now.getUTCFullYear() && known ? value : null;
  }
  const company = oldCompany.exec(value);
  if (company) return `${Number(company[1])}-${company[2]}`;
  const business = oldBusiness.exec(value);
  if (business) return `${business[1]}${business[2]}-${business[3]}`;
  const llp = oldLlp.exec(value);
  if (llp) return `LLP${llp[1]}-${llp[2]}`;
  return null;
}

export const ssmFormat: RegistrationFormat = {
  name: 'SSM registration number',
  example: '196001000142',
  match: (input) => normalizeSsmNumber(input),
};
