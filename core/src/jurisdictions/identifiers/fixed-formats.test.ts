import { describe, expect, it } from 'vitest';
import { chLegacyNumber, fixedFormats, itReaNumber, nlKvkNumber, plKrsNumber, zaCipcNumber } from './fixed-formats.js';

describe('fixed-shape formats', () => {
  it('accept their own examples', () => {
    for (const format of fixedFormats) {
      if (format.example !== null) expect(format.match(format.example), format.name).not.toBeNull();
    }
  });

  it('check the KVK number is eight digits', () => {
    expect(nlKvkNumber.match('17001910')).toBe('17001910'); // Koninklijke Philips N.V.
    expect(nlKvkNumber.match('1700191')).toBeNull();
  });

  it('pad a KRS number to ten digits', () => {
    expect(plKrsNumber.match('KRS 28860')).toBe('0000028860');
    expect(plKrsNumber.match('00000288601')).toBeNull();
    expect(plKrsNumber.match('0000000000028860')).toBeNull();
    // More than eight significant digits: a REGON or NIP, never a KRS number.
    expect(plKrsNumber.match('610188201')).toBeNull();
  });

  it('write REA, CH-ID and CIPC numbers one way', () => {
    expect(itReaNumber.match('rm 756453')).toBe('RM-756453');
    expect(chLegacyNumber.match('CH-020.3.020.656-9')).toBe('CH-020.3.020.656-9');
    expect(chLegacyNumber.match('CH02030206569')).toBe('CH-020.3.020.656-9');
    expect(zaCipcNumber.match('1979 / 003231 / 06')).toBe('1979/003231/06');
    expect(zaCipcNumber.match('1979/03231/06')).toBeNull();
  });
});
