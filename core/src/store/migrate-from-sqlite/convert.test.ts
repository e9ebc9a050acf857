import { describe, expect, it } from 'vitest';
import { ConversionError, converterFor } from './convert.js';

describe('converterFor: a SQLite value as its PostgreSQL column wants it', () => {
  it('turns 0/1 into booleans, and refuses any other value naming the column', () => {
    const livemode = converterFor('verifications', 'livemode', 'boolean');
    expect([0n, 1n, 0, 1, null].map(livemode)).toEqual([false, true, false, true, null]);
    expect(() => livemode(2n)).toThrow(new ConversionError('verifications.livemode: 2 is not a boolean (0 or 1)'));
    expect(() => livemode('yes')).toThrow('verifications.livemode: "yes" is not a boolean (0 or 1)');
  });

  it('keeps BLOBs as bytes for bytea, text written into a BLOB column as its UTF-8 bytes', () => {
    const pdf = converterFor('reports', 'pdf', 'bytea');
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    expect(pdf(bytes)).toBe(bytes);
    expect(pdf('%PDF')).toEqual(Buffer.from('%PDF'));
    expect(pdf(null)).toBeNull();
    expect(() => pdf(12n)).toThrow('reports.pdf: 12 is not binary data');
  });

  it('passes integers (exact, as BigInt), reals and JSON text through unchanged', () => {
    const big = 2n ** 60n + 1n;
    expect(converterFor('events', 'seq', 'bigint')(big)).toBe(big);
    expect(converterFor('verifications', 'confidence', 'double precision')(0.1)).toBe(0.1);
    const json = '{"b":"2","a":"1"}';
    expect(converterFor('verifications', 'metadata', 'text')(json)).toBe(json);
    expect(converterFor('verifications', 'metadata', 'text')(Buffer.from(json))).toBe(json);
  });
});
