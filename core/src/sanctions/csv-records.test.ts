import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.js';

describe('readCsvRecords', () => {
  it('reads quoted and bare fields, trimming bare ones, with the line each record starts on', () => {
    const text = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\n306,"BANCO ""NACIONAL"", CUBA", -0- ,x\n';
    expect(readCsvRecords(text, 'sdn.csv')).toEqual([
      { line: 1, fields: ['36', 'AEROCARIBBEAN AIRLINES', '-0-', 'CUBA'] },
      { line: 2, fields: ['306', 'BANCO "NACIONAL", CUBA', '-0-', 'x'] },
    ]);
  });

  it('keeps line breaks inside quotes and counts them for the next record', () => {
    const records = readCsvRecords('1,"two\nlines"\n\n2,b\r\n3,"c"', 'f.csv');
    expect(records).toEqual([
      { line: 1, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'b'] },
      { line: 5, fields: ['3', 'c'] },
    ]);
  });

  it('keeps empty fields and ignores a DOS end-of-file mark', () => {
    expect(readCsvRecords('a,,"",\n\x1a', 'f.csv')).toEqual([{ line: 1, fields: ['a', '', '', ''] }]);
  });

  it('names the file and line of a quote that never closes', () => {
    expect(() => readCsvRecords('1,a\n2,"open\nmore', 'alt.csv')).toThrow(
      'alt.csv line 2: a quoted field is never closed',
    );
  });

  it('refuses text after a closing quote', () => {
    expect(() => readCsvRecords('1,a\n2,"b"c,d', 'sdn.csv')).toThrow(
      "sdn.csv line 2: unexpected 'c' after a closing quote",
    );
  });
});
