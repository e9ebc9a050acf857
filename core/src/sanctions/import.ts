import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readCsvRecords } from './csv-records.js';
import { detectFormat } from './detect-format.js';
import {
  LIST_OF_FORMAT,
  type ListFormat,
  type ParsedEdition,
  type SanctionsEntry,
  SanctionsImportError,
  type SourceFile,
} from './entry.js';
import { parseEuXml } from './eu.js';
import { OFAC_FIELD_COUNTS, type OfacFiles, parseOfacCsv } from './ofac.js';
import type { SanctionsEdition, SanctionsStore } from './store.js';
import { parseUnXml } from './un.js';

export const LIST_FORMATS: readonly ListFormat[] = ['ofac-csv', 'un-xml', 'eu-xml'];

/** UTF-8, or Windows-1252 for a file that is not valid UTF-8 (older OFAC files are). BOM dropped. */
export function decodeListFile(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

type OfacRole = keyof typeof OFAC_FIELD_COUNTS;

function firstRecordLength(file: SourceFile): number | undefined {
  const firstLine = file.text.slice(0, file.text.indexOf('\n') + 1 || undefined);
  try {
    return readCsvRecords(firstLine, file.name)[0]?.fields.length;
  } catch {
    return undefined; // a quoted line break in the first record: not one of the three files anyway
  }
}

/** Which OFAC file this is: by its name (`sdn.csv`, `ALT.CSV`), else by its first record's field count. */
function ofacRole(file: SourceFile): OfacRole {
  const named = basename(file.name)
    .toLowerCase()
    .match(/^(sdn|alt|add)\b/)?.[1];
  if (named === 'sdn' || named === 'alt' || named === 'add') return named;
  const count = firstRecordLength(file);
  const role = (Object.keys(OFAC_FIELD_COUNTS) as OfacRole[]).find((r) => OFAC_FIELD_COUNTS[r] === count);
  if (!role) {
    throw new SanctionsImportError(file.name, 'not an OFAC sdn.csv (12 fields), alt.csv (5) or add.csv (6) file', 1);
  }
  return role;
}

function ofacFiles(files: readonly SourceFile[]): OfacFiles {
  const found: Partial<Record<OfacRole, SourceFile>> = {};
  for (const file of files) {
    const role = ofacRole(file);
    const twice = found[role];
    if (twice) throw new SanctionsImportError(file.name, `a second ${role}.csv (the first was ${twice.name})`);
    found[role] = file;
  }
  if (!found.sdn || !found.alt) {
    throw new SanctionsImportError(
      files.map((f) => f.name).join(', ') || '(no files)',
      'ofac-csv needs sdn.csv and alt.csv (and add.csv if you have it)',
    );
  }
  return { sdn: found.sdn, alt: found.alt, ...(found.add ? { add: found.add } : {}) };
}

function onlyFile(format: ListFormat, files: readonly SourceFile[]): SourceFile {
  const [file, ...more] = files;
  if (!file || more.length > 0) {
    throw new SanctionsImportError(
      files.map((f) => f.name).join(', ') || '(no files)',
      `${format} takes exactly one file`,
    );
  }
  return file;
}

/** Reads an edition from decoded files. `checksum` is the caller's digest of the files' bytes. */
export function parseEdition(format: ListFormat, files: readonly SourceFile[], checksum: string): ParsedEdition {
  let entries: SanctionsEntry[];
  let publishedAt: string | null = null;
  switch (format) {
    case 'ofac-csv':
      entries = parseOfacCsv(ofacFiles(files));
      break;
    case 'un-xml':
      ({ entries, publishedAt } = parseUnXml(onlyFile(format, files)));
      break;
    case 'eu-xml':
      ({ entries, publishedAt } = parseEuXml(onlyFile(format, files)));
      break;
  }
  const source = `${format}: ${files.map((f) => basename(f.name)).join(', ')}`;
  return { listId: LIST_OF_FORMAT[format], source, checksum, publishedAt, entries };
}

/**
 * Reads an edition from files on disk; without `format`, it is told from the files (`detectFormat`).
 * Errors name the file as given (and the line, where known).
 */
export async function readEdition(format: ListFormat | undefined, paths: readonly string[]): Promise<ParsedEdition> {
  const hash = createHash('sha256');
  const files: SourceFile[] = [];
  for (const path of paths) {
    const bytes = await readFile(path);
    hash.update(bytes);
    files.push({ name: path, text: decodeListFile(bytes) });
  }
  return parseEdition(format ?? detectFormat(files), files, hash.digest('hex'));
}

/**
 * `keybs sanctions import`: reads the files and makes them the list's current edition. A file that
 * cannot be read throws `SanctionsImportError` before the store is touched: the previous edition stays.
 */
export async function importListFiles(
  store: SanctionsStore,
  format: ListFormat | undefined,
  paths: readonly string[],
  now: () => number = Date.now,
): Promise<SanctionsEdition> {
  const edition = await readEdition(format, paths);
  return store.importEdition({ ...edition, loadedAt: now() });
}
