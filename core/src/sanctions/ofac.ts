import { readCsvRecords } from './csv-records.js';
import { addUnique, type EntryType, type SanctionsEntry, SanctionsImportError, type SourceFile } from './entry.js';

/** OFAC's legacy CSV files: sdn.csv (the entries), alt.csv (their aliases), add.csv (their addresses). */
export interface OfacFiles {
  sdn: SourceFile;
  alt?: SourceFile;
  add?: SourceFile;
}

/** Field counts of the legacy layout, also used to tell the three files apart. */
export const OFAC_FIELD_COUNTS = { sdn: 12, alt: 5, add: 6 } as const;

const SDN_TYPES: Record<string, EntryType> = {
  '': 'entity',
  individual: 'individual',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

/** `-0-` is OFAC's empty value; the last field of a file may have lost its final dash. */
const value = (raw: string | undefined): string => {
  const v = (raw ?? '').trim();
  return v === '-0-' || v === '-0' ? '' : v;
};

/** `SDGT] [SDT` (the legacy file drops the outer brackets of `[SDGT] [SDT]`) → `['SDGT', 'SDT']`. */
const programsOf = (raw: string): string[] =>
  raw
    .replace(/^\[|\]$/g, '')
    .split(/\]\s*\[/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

/** The first `DOB …` statement of the remarks: `DOB 08 Feb 1971; …` → `08 Feb 1971`. */
const dateOfBirthOf = (remarks: string): string | null => remarks.match(/\bDOB ([^;]+?)\s*(?:;|\.?$)/)?.[1] ?? null;

function records(file: SourceFile, expected: number) {
  return readCsvRecords(file.text, file.name).map((r) => {
    if (r.fields.length !== expected) {
      throw new SanctionsImportError(file.name, `expected ${expected} fields, got ${r.fields.length}`, r.line);
    }
    const id = value(r.fields[0]);
    if (!/^\d+$/.test(id)) throw new SanctionsImportError(file.name, `ent_num '${id}' is not a number`, r.line);
    return { line: r.line, id, fields: r.fields };
  });
}

/** Reads one edition of the SDN list from OFAC's legacy CSV files. */
export function parseOfacCsv(files: OfacFiles): SanctionsEntry[] {
  const byId = new Map<string, SanctionsEntry>();
  for (const { line, id, fields } of records(files.sdn, OFAC_FIELD_COUNTS.sdn)) {
    if (byId.has(id)) throw new SanctionsImportError(files.sdn.name, `ent_num ${id} appears twice`, line);
    const name = value(fields[1]);
    if (name === '') throw new SanctionsImportError(files.sdn.name, `entry ${id} has no name`, line);
    const remarks = value(fields[11]);
    const countries: string[] = [];
    addUnique(countries, value(fields[9])); // a vessel's flag
    byId.set(id, {
      listId: 'ofac-sdn',
      entryId: id,
      type: SDN_TYPES[value(fields[2]).toLowerCase()] ?? 'other',
      name,
      aliases: [],
      programs: programsOf(value(fields[3])),
      countries,
      dateOfBirth: dateOfBirthOf(remarks),
      remarks: remarks || null,
    });
  }
  const owner = (file: SourceFile, id: string, line: number): SanctionsEntry => {
    const entry = byId.get(id);
    if (!entry) throw new SanctionsImportError(file.name, `ent_num ${id} is not in ${files.sdn.name}`, line);
    return entry;
  };
  if (files.alt) {
    for (const { line, id, fields } of records(files.alt, OFAC_FIELD_COUNTS.alt)) {
      const name = value(fields[3]);
      if (name === '') continue;
      const quality = value(fields[2]);
      owner(files.alt, id, line).aliases.push(quality ? { name, quality } : { name });
    }
  }
  if (files.add) {
    for (const { line, id, fields } of records(files.add, OFAC_FIELD_COUNTS.add)) {
      addUnique(owner(files.add, id, line).countries, value(fields[4]));
    }
  }
  return [...byId.values()];
}
