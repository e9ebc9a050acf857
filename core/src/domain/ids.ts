import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters of base62 drawn from a CSPRNG (rejection sampling keeps it unbiased). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export type IdPrefix = 'req' | 'evt' | 'key' | 'we' | 'whsec' | 'del';

/** Prefixed random ids: `req_…`, `evt_…`, `key_…`. 16 base62 characters ≈ 95 bits. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(16)}`;
}

/** `KBS-VR-2026-000184`: the year and a per-year sequence of at least six digits. */
export function verificationId(year: number, sequence: number): string {
  return `KBS-VR-${year}-${String(sequence).padStart(6, '0')}`;
}
