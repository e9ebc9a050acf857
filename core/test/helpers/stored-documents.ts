import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestHub } from './hub.js';

/**
 * What a hub keeps of uploaded documents, read behind its back: the files in the data dir (SQLite) or the
 * rows of `document_contents` (PostgreSQL). Tests use it to see that content is sealed and that deleted
 * content is gone.
 */
export async function storedDocuments(t: TestHub): Promise<Map<string, Buffer>> {
  const url = t.hub.services.env.KEYBS_DATABASE_URL;
  if (!url) {
    const dir = join(t.dataDir, 'documents');
    if (!existsSync(dir)) return new Map();
    return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query('SELECT document_id, sealed FROM document_contents')).rows as {
      document_id: string;
      sealed: Buffer;
    }[];
    return new Map(rows.map((r) => [r.document_id, r.sealed]));
  } finally {
    await client.end();
  }
}

/** The permission bits of a document's file, or undefined on PostgreSQL (no file). */
export function documentFileMode(t: TestHub, id: string): number | undefined {
  if (t.hub.services.env.KEYBS_DATABASE_URL) return undefined;
  return statSync(join(t.dataDir, 'documents', id)).mode & 0o777;
}
