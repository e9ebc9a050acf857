import { describe, expect, it } from 'vitest';
import { normalizeSsmNumber } from './my-ssm.js';

const now = new Date('2026-06-01T00:00:00Z');
const ssm = (input: string) => normalizeSsmNumber(input, now);

describe('SSM registration number', () => {
  it('accepts the 12-digit form', () => {
    expect(ssm('196001000142')).toBe('196001000142'); // Malayan Banking Berhad (3813-K)
    expect(ssm('201901000005')).toBe('201901000005'); // SSM's own example (1312525-A)
    expect(ssm('2019 03 123456')).toBe('201903123456');
  });

  it('accepts every published entity type, 01 to 06', () => {
    for (const type of ['01', '02', '03', '04', '05', '06']) expect(ssm(`2020${type}000001`)).toBe(`2020${type}000001`);
  });

  it('refuses an unknown entity type or a year outside 1900 to this year', () => {
    expect(ssm('201907000005')).toBeNull();
    expect(ssm('201900000005')).toBeNull();
    expect(ssm('189901000005')).toBeNull();
    expect(ssm('202701000005')).toBeNull();
  });

  it('accepts the old company form with or without hyphen, any case', () => {
    expect(ssm('3813-K')).toBe('3813-K');
    expect(ssm('1287654-K')).toBe('1287654-K');
    expect(ssm('1287654k')).toBe('1287654-K');
    expect(ssm('0003813-K')).toBe('3813-K');
  });

  it('accepts the old business and LLP forms', () => {
    expect(ssm('001234567-P')).toBe('001234567-P');
    expect(ssm('JM0123456-D')).toBe('JM0123456-D');
    expect(ssm('LLP0012345-LGN')).toBe('LLP0012345-LGN');
  });

  it('accepts both numbers as SSM prints them, answering the new one', () => {
    expect(ssm('201901000005 (1312525-A)')).toBe('201901000005');
    expect(ssm('201907000005 (1312525-A)')).toBeNull();
  });

  it('refuses other shapes', () => {
    expect(ssm('12876543-K')).toBeNull();
    expect(ssm('1287654')).toBeNull();
    expect(ssm('1287654-KK')).toBeNull();
    expect(ssm('19600100014')).toBeNull();
    expect(ssm('000000')).toBeNull();
  });
});
