import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.js';

/** One row of `data/jurisdictions/world-bank-economies.csv`. */
export interface Economy {
  worldBankCode: string;
  /** ISO 3166-1 alpha-2 code of the row (the first code of the `iso2` cell). */
  countryCode: string;
  /** Further codes the row covers (the Channel Islands row `GG;JE` also covers `JE`). */
  alsoAccepts: string[];
  name: string;
}

// Resolved against this module's own location, so it works from core/src (tests) and core/dist (built).
const csvUrl = new URL('../../data/jurisdictions/world-bank-economies.csv', import.meta.url);

const expectedHeader = ['world_bank_code', 'iso2', 'name'];

export function readEconomies(url: URL = csvUrl): Economy[] {
  const [header, ...rows] = parseCsv(readFileSync(url, 'utf8'));
  if (header?.join(',') !== expectedHeader.join(',')) {
    throw new Error(`${url.pathname}: expected header ${expectedHeader.join(',')}`);
  }
  return rows.map((row, index) => {
    const [worldBankCode, iso2, name] = row;
    const codes = (iso2 ?? '').split(';').map((code) => code.trim().toUpperCase());
    const [countryCode, ...alsoAccepts] = codes;
    if (!worldBankCode || !name || !countryCode || !codes.every((code) => /^[A-Z]{2}$/.test(code))) {
      throw new Error(`${url.pathname}: malformed row ${index + 2}: ${row.join(',')}`);
    }
    return { worldBankCode, countryCode, alsoAccepts, name };
  });
}
