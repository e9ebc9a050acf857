/**
 * Splits one CSV record (RFC 4180: fields in double quotes may hold separators, line breaks and doubled
 * quotes). Returns `null` while a quoted field is still open at the end: the record goes on past this
 * line. Lenient where real files are sloppy: a quote inside an unquoted field, or one inside a quoted field that
 * is not followed by a separator or line end, is kept as a character.
 */
export function parseCsvRecord(text: string, separator = ','): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        const next = text[i + 1];
        if (next === '"') {
          field += '"';
          i += 2;
          continue;
        }
        // A quote closes the field only before a separator or a line end; elsewhere it is a stray character.
        if (next === undefined || next === separator || next === '\n' || next === '\r') quoted = false;
        else field += char;
      } else {
        field += char;
      }
    } else if (char === separator) {
      fields.push(field);
      field = '';
    } else if (char === '"' && field.trim() === '') {
      // An opening quote (spaces before it, as in `a, "b"`, are dropped).
      field = '';
      quoted = true;
    } else {
      field += char;
    }
    i++;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
