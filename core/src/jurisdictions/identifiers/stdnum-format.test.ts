import { describe, expect, it } from 'vitest';
import { stdnumFormat, stdnumValidator } from './stdnum-format.js';

describe('stdnumFormat', () => {
  const siren = stdnumFormat({ name: 'SIREN', example: null, validator: ['FR', 'siren'] });

  it('answers the compact id when stdnum accepts it, null otherwise', () => {
    expect(siren.match('552 032 534')).toBe('552032534'); // Danone
    expect(siren.match('552 032 535')).toBeNull();
  });

  it('can zero-pad all-digit input first', () => {
    const ico = stdnumFormat({ name: 'IČO', example: null, validator: ['CZ', 'ico'], padDigitsTo: 8 });
    expect(ico.match('177041')).toBe('00177041'); // ŠKODA AUTO a.s.
    expect(ico.match('177042')).toBeNull();
  });

  it('fails at load time when stdnum lacks the validator', () => {
    expect(() => stdnumValidator('FR', 'nope')).toThrow(/FR\.nope/);
  });
});
