import { compactId, type RegistrationFormat } from './format.js';

// GB 32100-2015: 31 characters (no I, O, S, V, Z), check character over the first 17.
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (position 18) of a Unified Social Credit Code body of 17 characters. */
export function usccCheckCharacter(body: string): string {
  let sum = 0;
  for (const [index, weight] of weights.entries()) sum += alphabet.indexOf(body.charAt(index)) * weight;
  return alphabet.charAt((31 - (sum % 31)) % 31);
}

/**
 * Normalizes a Chinese Unified Social Credit Code (统一社会信用代码, 18 characters), or returns `null`.
 * Own implementation because stdnum-js 1.12 rejects codes whose check character is `0` and codes whose
 * first character (registering authority) is a letter.
 */
export function normalizeUscc(input: string): string | null {
  const value = compactId(input, '-');
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return null;
  return usccCheckCharacter(value.slice(0, 17)) === value.charAt(17) ? value : null;
}

export const usccFormat: RegistrationFormat = {
  name: 'Unified Social Credit Code (USCC)',
  example: '914403001922038216',
  match: normalizeUscc,
};
