import { describe, expect, it } from 'vitest';
import { evaluate } from './iml.js';

describe('the IML interpreter used to run the app in tests', () => {
  const scope = { connection: { apiKey: 'sk_test_x' }, parameters: { id: 'KBS/1', list: [{ key: 'a', value: '1' }] } };

  it('keeps the type of a whole expression and writes text inside a string', () => {
    expect(evaluate('{{parameters.list}}', scope)).toEqual([{ key: 'a', value: '1' }]);
    expect(evaluate('Bearer {{connection.apiKey}}', scope)).toBe('Bearer sk_test_x');
    expect(evaluate('{{parameters.missing}}', scope)).toBeUndefined();
    expect(evaluate('x{{parameters.missing}}y', scope)).toBe('xy');
  });

  it('runs the functions the app uses', () => {
    expect(evaluate('/v1/verifications/{{encodeURL(parameters.id)}}', scope)).toBe('/v1/verifications/KBS%2F1');
    expect(evaluate("{{toCollection(parameters.list, 'key', 'value')}}", scope)).toEqual({ a: '1' });
    expect(evaluate({ nested: ['{{parameters.id}}'] }, scope)).toEqual({ nested: ['KBS/1'] });
  });

  it('refuses IML it does not know rather than guessing', () => {
    expect(() => evaluate('{{sha256(parameters.id)}}', scope)).toThrow('unknown function sha256');
  });
});
