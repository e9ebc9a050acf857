import { describe, expect, it } from 'vitest';
import { normalizeCompaniesHouseNumber } from './gb-companies-house.js';

describe('Companies House company number', () => {
  it('accepts eight digits', () => {
    expect(normalizeCompaniesHouseNumber('09446231')).toBe('09446231');
    expect(normalizeCompaniesHouseNumber('00445790')).toBe('00445790'); // Tesco PLC
  });

  it('zero-pads shorter all-digit numbers to eight', () => {
    expect(normalizeCompaniesHouseNumber('9446231')).toBe('09446231');
    expect(normalizeCompaniesHouseNumber('445790')).toBe('00445790');
  });

  it('accepts a known prefix with six digits, in any case and spacing', () => {
    expect(normalizeCompaniesHouseNumber('SC123456')).toBe('SC123456');
    expect(normalizeCompaniesHouseNumber('sc 123456')).toBe('SC123456');
    expect(normalizeCompaniesHouseNumber('OC301234')).toBe('OC301234');
    expect(normalizeCompaniesHouseNumber('NI012345')).toBe('NI012345');
    expect(normalizeCompaniesHouseNumber('R0000123')).toBe('R0000123');
    expect(normalizeCompaniesHouseNumber('OE001234')).toBe('OE001234');
  });

  it('zero-pads the digits after a prefix to six', () => {
    expect(normalizeCompaniesHouseNumber('SC12345')).toBe('SC012345');
  });

  it('refuses unknown prefixes, too many digits and other shapes', () => {
    expect(normalizeCompaniesHouseNumber('XX123456')).toBeNull();
    expect(normalizeCompaniesHouseNumber('GB123456')).toBeNull();
    expect(normalizeCompaniesHouseNumber('123456789')).toBeNull();
    expect(normalizeCompaniesHouseNumber('SC1234567')).toBeNull();
    expect(normalizeCompaniesHouseNumber('S1234567')).toBeNull();
    expect(normalizeCompaniesHouseNumber('')).toBeNull();
  });
});
