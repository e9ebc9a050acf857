import { compactId, type RegistrationFormat } from './format.js';

/** ISO 7064 MOD 97-10 over an alphanumeric string (A=10 … Z=35); a valid LEI or IBAN gives 1. */
export function mod97(value: string): number {
  let remainder = 0;
  for (const char of value) {
    const digits = String(Number.parseInt(char, 36));
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** Compact form of an input when it has the shape of an LEI (20 letters or digits), else `null`. */
export function leiShaped(input: string): string | null {
  const value = compactId(input);
  return /^[A-Z0-9]{20}$/.test(value) ? value : null;
}

/** True when an LEI-shaped value carries valid ISO 17442 check digits (two digits, MOD 97-10). */
export function hasValidLeiChecksum(lei: string): boolean {
  return /^[A-Z0-9]{18}[0-9]{2}$/.test(lei) && mod97(lei) === 1;
}

/** Legal Entity Identifier (ISO 17442): accepted in every jurisdiction. */
export const leiFormat: RegistrationFormat = {
  name: 'LEI (ISO 17442)',
  example: '5493001KJTIIGC8Y1R12',
  match(input) {
    const lei = leiShaped(input);
    return lei !== null && hasValidLeiChecksum(lei) ? lei : null;
  },
};
