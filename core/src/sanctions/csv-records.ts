import { SanctionsImportError } from './entry.js';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/**
 * Reads CSV as OFAC writes it: fields quoted with `"` (doubled inside) or bare, bare fields trimmed
 * (`-0- ` carries a trailing space), LF or CRLF line ends, blank lines and a trailing DOS end-of-file
 * mark (0x1A) ignored. Errors name the file and line.
 */
export function readCsvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // start: nothing but blanks read in this field; bare: unquoted text; quoted: inside quotes; closed: after them.
  let state: 'start' | 'bare' | 'quoted' | 'closed' = 'start';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const end = text.endsWith('\x1a') ? text.length - 1 : text.length;

  const endField = (): void => {
    fields.push(state === 'closed' ? field : field.trim());
    field = '';
    state = 'start';
  };
  const endRecord = (): void => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < end; i++) {
    const char = text[i];
    if (state === 'quoted') {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') state = 'closed';
      else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === ',') endField();
    else if (char === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else if (char === '\r') {
      // CRLF: the LF ends the record.
    } else if (state === 'closed') {
      if (char !== ' ' && char !== '\t')
        throw new SanctionsImportError(file, `unexpected '${char}' after a closing quote`, line);
    } else if (char === '"' && state === 'start') {
      state = 'quoted';
      field = '';
      quoteLine = line;
    } else {
      field += char;
      if (char !== ' ' && char !== '\t') state = 'bare';
    }
  }
  if (state === 'quoted') throw new SanctionsImportError(file, 'a quoted field is never closed', quoteLine);
  if (state === 'closed' || field.trim() !== '' || fields.length > 0) endRecord();
  return records;
}
