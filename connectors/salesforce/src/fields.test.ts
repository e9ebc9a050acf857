import { describe, expect, it } from 'vitest';
import { accountIdOf } from './fields.js';

describe('accountIdOf', () => {
  it('prefers metadata.salesforce_account_id', () => {
    expect(accountIdOf({ salesforce_account_id: '001000000000001AAA' }, '001000000000002AAA')).toBe(
      '001000000000001AAA',
    );
  });
  it('falls back to an external_ref that is an Account Id (15 or 18 characters)', () => {
    expect(accountIdOf({}, '001000000000002AAA')).toBe('001000000000002AAA');
    expect(accountIdOf(undefined, '001000000000002')).toBe('001000000000002');
  });
  it('ignores an external_ref that is not an Account Id', () => {
    expect(accountIdOf({}, 'SUP-1234')).toBeNull();
    expect(accountIdOf({}, '003000000000002AAA')).toBeNull(); // a Contact
    expect(accountIdOf({}, null)).toBeNull();
  });
});
