import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { BulkCompany, BulkRegistryStore, BulkSource } from './bulk.js';
import { BULK_FORMAT_SPECS, type BulkFormat, type Row } from './bulk-formats.js';
import { parseCsvRecord } from './csv.js';

export interface ImportProgress {
  /** Physical lines read so far, the header included. */
  lines: number;
  imported: number;
  bad: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface BadLine {
  /** 1-based line number in the file (the first line of a record that spans several). */
  line: number;
  reason: string;
}

export interface ImportOptions {
  file: string;
  format: BulkFormat;
  /** Rows per transaction. */
  batchSize?: number;
  /** Called after each batch and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The file is a full snapshot (a whole golden copy, or every part of the company data): once it is in,
   * delete this source's rows that it no longer has. Leave off when importing one part of several.
   */
  replace?: boolean;
  now?: () => number;
}

export interface ImportReport {
  format: BulkFormat;
  source: BulkSource;
  lines: number;
  imported: number;
  bad: number;
  /** The first bad lines, with why each was skipped. */
  badLines: BadLine[];
  /** Rows deleted by `replace`. */
  removed: number;
  startedAt: number;
  finishedAt: number;
}

/** Thrown when the file is not of the format asked for (its header lacks required columns). */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

const BAD_LINES_KEPT = 10;
/** A quoted field open for this many lines is a stray quote, not a long field: the line is reported. */
const MAX_LINES_PER_RECORD = 20;

const columnKey = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/**
 * Imports a Companies House free company data CSV or a GLEIF LEI-CDF golden copy CSV into the local
 * registry copy. The file is streamed line by line (files are gigabytes) and written in batches, one
 * transaction each. A bad line is counted, its number kept (the first ten) and skipped: it never stops the
 * import. A header without the format's columns stops it before anything is written.
 */
export async function importBulkRegistry(store: BulkRegistryStore, options: ImportOptions): Promise<ImportReport> {
  const spec = BULK_FORMAT_SPECS[options.format];
  const batchSize = options.batchSize ?? 5_000;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const bytesTotal = (await stat(options.file)).size;
  const input = createReadStream(options.file);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });

  let columns: Map<string, number> | null = null;
  let width = 0;
  let lineNo = 0;
  let imported = 0;
  let bad = 0;
  const badLines: BadLine[] = [];
  let batch: BulkCompany[] = [];
  const progress = () =>
    options.onProgress?.({
      lines: lineNo,
      imported,
      bad,
      bytesDone: Math.min(input.bytesRead, bytesTotal),
      bytesTotal,
    });
  const reject = (line: number, reason: string) => {
    bad++;
    if (badLines.length < BAD_LINES_KEPT) badLines.push({ line, reason });
  };

  const header = (fields: string[]) => {
    columns = new Map(fields.map((name, index) => [columnKey(name), index]));
    width = fields.length;
    const has = (name: string) => columns?.has(columnKey(name)) ?? false;
    const missing = spec.required.filter((name) => !has(name));
    if (spec.oneOf && !spec.oneOf.some(has)) missing.push(spec.oneOf.join(' or '));
    if (missing.length > 0) {
      throw new ImportFormatError(`${options.file} is not a ${options.format} file: no column ${missing.join(', ')}`);
    }
  };
  const fits = (fields: string[]) => fields.length >= width && fields.slice(width).every((f) => f.trim() === '');
  const record = (fields: string[], line: number) => {
    if (!columns) return header(fields);
    if (!fits(fields)) return reject(line, `expected ${width} fields, found ${fields.length}`);
    const index = columns;
    const row: Row = (column) => fields[index.get(columnKey(column)) ?? -1]?.trim() ?? '';
    const company = spec.toCompany(row, startedAt);
    if (typeof company === 'string') return reject(line, company);
    batch.push(company);
  };

  // Lines of a record whose quoted field spans line breaks wait here until it closes.
  let pending: { line: number; text: string }[] = [];
  const feed = (text: string, line: number): void => {
    if (pending.length === 0 && text.trim() === '') return;
    // A line that is a whole record by itself does not continue an open quote: that quote was a stray.
    if (pending.length > 0 && columns) {
      const alone = parseCsvRecord(text);
      if (alone !== null && fits(alone)) {
        giveUpPending();
        feed(text, line);
        return;
      }
    }
    pending.push({ line, text });
    const fields = parseCsvRecord(pending.length === 1 ? text : pending.map((p) => p.text).join('\n'));
    if (fields === null) {
      if (pending.length >= MAX_LINES_PER_RECORD) giveUpPending();
      return;
    }
    // Lines joined by an open quote that do not make one record were records of their own.
    if (pending.length > 1 && columns && !fits(fields)) {
      giveUpPending();
      return;
    }
    const first = pending[0]?.line ?? line;
    pending = [];
    record(fields, first);
  };
  // A stray quote: report its line, and read the lines it swallowed again on their own.
  function giveUpPending() {
    while (pending.length > 0) {
      const [stray, ...rest] = pending;
      pending = [];
      if (stray) reject(stray.line, 'a quoted field is never closed');
      for (const p of rest) feed(p.text, p.line);
    }
  }

  try {
    for await (const text of lines) {
      lineNo++;
      feed(text, lineNo);
      if (batch.length >= batchSize) {
        imported += batch.length;
        await store.upsert(batch);
        batch = [];
        progress();
      }
    }
    giveUpPending();
    if (!columns) throw new ImportFormatError(`${options.file} is empty: no header line`);
    if (batch.length > 0) {
      imported += batch.length;
      await store.upsert(batch);
      batch = [];
    }
  } finally {
    lines.close();
    input.destroy();
  }
  const removed = options.replace ? await store.prune(spec.source, startedAt) : 0;
  progress();
  return {
    format: options.format,
    source: spec.source,
    lines: lineNo,
    imported,
    bad,
    badLines,
    removed,
    startedAt,
    finishedAt: now(),
  };
}
