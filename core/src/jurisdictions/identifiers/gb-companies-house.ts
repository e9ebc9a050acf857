import { compactId, type RegistrationFormat } from './format.js';

/**
 * Two-character prefixes of Companies House numbers (the rest is six digits). Plain England & Wales
 * companies have no prefix (eight digits). Includes Scottish (S…), Northern Irish (N…, NI, R0 before
 * partition), LLPs (OC, SO, NC), limited partnerships (LP, SL, NL), overseas companies (FC, SF, NF, BR),
 * overseas entities (OE), EEIGs (GE, GS, GN), SEs (SE, ES, EN), CIOs (CE, CS), assurance companies
 * (AC, SA, NA), unregistered companies (ZC, SZ, NZ), Scottish qualifying partnerships (SG), and the
 * registers that hold only name and number (IP, SP, IC, SI, NP, NV, RC, SR, NR, NO, RS).
 */
export const companiesHousePrefixes: ReadonlySet<string> = new Set(
  `AC BR CE CS EN ES FC GE GN GS IC IP LP NA NC NF NI NL NO NP
   NR NV NZ OC OE R0 RC RS SA SC SE SF SG SI SL SO SP SR SZ ZC`.split(/\s+/),
);

/**
 * Normalizes a UK Companies House company number to its 8-character form, or returns `null` when the
 * input is not one: up to 8 digits (left-padded with zeros), or a known prefix and up to 6 digits.
 */
export function normalizeCompaniesHouseNumber(input: string): string | null {
  const value = compactId(input);
  if (/^\d{1,8}$/.test(value)) return value.padStart(8, '0');
  const prefixed = /^([A-Z][A-Z0-9])(\d{1,6})$/.exec(value);
  if (!prefixed) return null;
  const [, prefix = '', digits = ''] = prefixed;
  return companiesHousePrefixes.has(prefix) ? prefix + digits.padStart(6, '0') : null;
}

export const companiesHouseFormat: RegistrationFormat = {
  name: 'Companies House company number',
  example: '09446231',
  match: normalizeCompaniesHouseNumber,
};
