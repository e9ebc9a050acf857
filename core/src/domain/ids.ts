import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** CSPRNG bytes drawn in blocks: one system call per 4 KiB instead of one per id (ids are made per request). */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] ?? 0;
}

/** `length` characters of base62 drawn from a CSPRNG (rejection sampling keeps it unbiased). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export type IdPrefix = 'req' | 'evt' | 'key' | 'we' | 'whsec' | 'del' | 'doc' | 'usr';

/** Prefixed random ids: `req_…`, `evt_…`, `key_…`. 16 base62 characters ≈ 95 bits. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(16)}`;
}

/** `KBS-VR-2026-000184`: the year and a per-year sequence of at least six digits. */
export function verificationId(year: number, sequence: number): string {
  return `KBS-VR-${year}-${String(sequence).padStart(6, '0')}`;
}
