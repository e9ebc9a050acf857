import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqliteSource } from './source.js';
import { DOCUMENT_CONTENTS } from './tables.js';
import { PgTarget } from './target.js';

/** Missing files named in the report; the rest are counted. */
const NAMED = 20;

export interface DocumentFilesCopy {
  /** Files copied into the database. */
  copied: number;
  /** Stored (not purged) documents without a file: the SQLite hub cannot serve them either. */
  missing: number;
  /** The first of them. */
  missingIds: string[];
}

/**
 * Copies the sealed content of every stored document from its file `<documentsDir>/<id>` into PostgreSQL's
 * `document_contents`, byte for byte (it stays sealed under the master key), in batches as the files are read.
 */
export async function copyDocumentFiles(
  source: SqliteSource,
  target: PgTarget,
  documentsDir: string,
  progress: (documents: number) => void,
): Promise<DocumentFilesCopy> {
  const result: DocumentFilesCopy = { copied: 0, missing: 0, missingIds: [] };
  let batch: [string, Buffer][] = [];
  let bytes = 0;
  const flush = async () => {
    await target.insert(DOCUMENT_CONTENTS, ['document_id', 'sealed'], ['text', 'bytea'], batch);
    result.copied += batch.length;
    progress(batch.length);
    batch = [];
    bytes = 0;
  };
  for (const id of source.storedDocumentIds()) {
    let sealed: Buffer;
    try {
      if (!/^doc_[0-9A-Za-z]+$/.test(id)) throw Object.assign(new Error('not a document id'), { code: 'ENOENT' });
      sealed = await readFile(join(documentsDir, id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      result.missing++;
      if (result.missingIds.length < NAMED) result.missingIds.push(id);
      continue;
    }
    batch.push([id, sealed]);
    bytes += sealed.length;
    if (PgTarget.full(batch.length, bytes)) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
