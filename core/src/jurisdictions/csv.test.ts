import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits rows and fields', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(parseCsv('BHS,BS,"Bahamas, The"\nX,"say ""hi""","two\nlines"')).toEqual([
      ['BHS', 'BS', 'Bahamas, The'],
      ['X', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('accepts CRLF line endings, skips blank lines and keeps empty fields', () => {
    expect(parseCsv('a,b\r\n\r\n1,\r\n')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('reads a last row without a final line break', () => {
    expect(parseCsv('a\nb')).toEqual([['a'], ['b']]);
  });

  it('refuses text that ends inside a quoted field', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(/quoted field/);
  });
});
