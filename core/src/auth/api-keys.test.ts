import { describe, expect, it } from 'vitest';
import { parseGrace } from './api-keys.js';

describe('parseGrace', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(['0', '30s', '15m', '24h', '7d', '90'].map(parseGrace)).toEqual([
      0, 30_000, 900_000, 86_400_000, 604_800_000, 90_000,
    ]);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '-1h', '1w', 'soon', '1.5h']) expect(() => parseGrace(bad)).toThrow(/invalid grace/);
  });
});
