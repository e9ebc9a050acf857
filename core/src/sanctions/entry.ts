/** The sanctions lists the hub can load, each from its own publisher's format. */
export type ListId = 'ofac-sdn' | 'un-consolidated' | 'eu-fsf';

/** The file formats `keybs sanctions import --format` accepts, and the list each one carries. */
export type ListFormat = 'ofac-csv' | 'un-xml' | 'eu-xml';

export const LIST_OF_FORMAT: Readonly<Record<ListFormat, ListId>> = {
  'ofac-csv': 'ofac-sdn',
  'un-xml': 'un-consolidated',
  'eu-xml': 'eu-fsf',
};

export type EntryType = 'entity' | 'individual' | 'vessel' | 'aircraft' | 'other';

export interface Alias {
  name: string;
  /** The publisher's own word for it: OFAC `aka`/`fka`/`nka`, UN `Good`/`Low`/`a.k.a.`, EU `strong`/`weak`. */
  quality?: string;
}

/** One designated party, in the same shape whichever list it came from. */
export interface SanctionsEntry {
  listId: ListId;
  /** The publisher's id: OFAC ent_num, UN reference number, EU logicalId. */
  entryId: string;
  type: EntryType;
  name: string;
  aliases: Alias[];
  programs: string[];
  countries: string[];
  dateOfBirth?: string | null;
  remarks?: string | null;
}

/** A file handed to an importer: its name (for error messages) and its decoded text. */
export interface SourceFile {
  name: string;
  text: string;
}

/** The result of reading one edition of a list from its files, before it is stored. */
export interface ParsedEdition {
  listId: ListId;
  /** What the edition was read from, e.g. `ofac-csv: sdn.csv, alt.csv, add.csv`. */
  source: string;
  /** SHA-256 (hex) over the source files' bytes, in the order given. */
  checksum: string;
  /** The publisher's own date for the edition, when the format carries one. */
  publishedAt: string | null;
  entries: SanctionsEntry[];
}

/**
 * A list file that cannot be read. The message names the file and, where known, the line (and column):
 * `sdn.csv line 1234: expected 12 fields, got 3`. Trying again with the same file cannot help.
 */
export class SanctionsImportError extends Error {
  override name = 'SanctionsImportError';
  readonly retryable = false;
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      `${file}${line === undefined ? '' : ` line ${line}`}${column === undefined ? '' : `, column ${column}`}: ${detail}`,
    );
  }
}

/** Adds `value` to `list` unless empty or already there (lists keep the publisher's order). */
export function addUnique(list: string[], value: string | null | undefined): void {
  const v = value?.trim();
  if (v && !list.includes(v)) list.push(v);
}

/** Refuses an edition in which two entries share an id (the store keys entries by it). */
export function assertUniqueIds(entries: readonly SanctionsEntry[], file: string, idName: string): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.entryId)) throw new SanctionsImportError(file, `${idName} ${e.entryId} appears twice`);
    seen.add(e.entryId);
  }
}
