import { compactId, type RegistrationFormat } from './format.js';
import { stdnumValidator } from './stdnum-format.js';

const uenValidator = stdnumValidator('SG', 'uen');

// UENs of "other" entities: R/S/T, two year digits, a two-letter entity type, four digits, a check letter.
const otherShape = /^[RST]\d{2}[A-Z]{2}\d{4}[A-Z]$/;
const otherAlphabet = 'ABCDEFGHJKLMNPQRSTUVWX0123456789';
const otherWeights = [4, 3, 5, 3, 10, 2, 2, 5, 7];

function otherCheckLetter(body: string): string {
  let sum = 0;
  for (const [index, weight] of otherWeights.entries()) sum += otherAlphabet.indexOf(body.charAt(index)) * weight;
  return otherAlphabet.charAt(((sum % 11) + 6) % 11);
}

/**
 * Normalizes a Singapore Unique Entity Number, or returns `null`. Businesses (8 digits + letter) and
 * local companies (9 digits + letter) are checked by stdnum-js; for other entities the check letter is
 * verified here for any entity-type code, because stdnum-js rejects entity types missing from its list.
 */
export function normalizeUen(input: string): string | null {
  const value = compactId(input, '-');
  if (otherShape.test(value)) return otherCheckLetter(value) === value.charAt(9) ? value : null;
  const result = uenValidator.validate(value);
  return result.isValid ? result.compact : null;
}

export const uenFormat: RegistrationFormat = {
  name: 'Unique Entity Number (UEN)',
  example: '196800306E',
  match: normalizeUen,
};
