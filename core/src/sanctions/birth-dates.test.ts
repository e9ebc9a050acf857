import { describe, expect, it } from 'vitest';
import { compareBirthDate } from './birth-dates.js';

describe('compareBirthDate', () => {
  it.each([
    ['1971-02-08', '08 Feb 1971', 'agrees'],
    ['1971-02-09', '08 Feb 1971', 'conflicts'],
    ['1971-06-30', '1971', 'agrees'],
    ['1972-01-01', '1971', 'conflicts'],
    ['1978-04-28', '1978-04-28', 'agrees'],
    ['1961-05-05', '1960 to 1962', 'agrees'],
    ['1974-12-31', '1973-1974', 'agrees'],
    ['1966-03-01', 'circa 1965', 'agrees'],
    ['1968-03-01', 'circa 1965', 'conflicts'],
    ['1980-02-14', 'Feb 1980', 'agrees'],
    ['1955-01-01', '1950; 1955', 'agrees'],
  ])('%s against %s: %s', (declared, listed, verdict) => {
    expect(compareBirthDate(declared, listed)).toBe(verdict);
  });

  it('is unknown when either side has no date it can read', () => {
    expect(compareBirthDate(undefined, '1971')).toBe('unknown');
    expect(compareBirthDate('1971-01-01', null)).toBe('unknown');
    expect(compareBirthDate('1971-01-01', 'unknown')).toBe('unknown');
  });
});
