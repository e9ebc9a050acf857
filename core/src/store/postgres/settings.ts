import type { DocumentContentStore, SettingsStore } from '../settings-store.js';
import type { PgDb } from './db.js';

export function pgSettingsStore(db: PgDb): SettingsStore {
  return {
    async claim(name, value) {
      await db.run('INSERT INTO hub_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
        name,
        value,
      ]);
      const row = await db.one<{ value: string }>('SELECT value FROM hub_settings WHERE name = $1', [name]);
      return row?.value ?? value;
    },
  };
}

/** Sealed document content in the database, shared by every hub process. */
export function pgDocumentContentStore(db: PgDb): DocumentContentStore {
  return {
    async write(id, sealed) {
      await db.run(
        `INSERT INTO document_contents (document_id, sealed) VALUES ($1, $2)
         ON CONFLICT (document_id) DO UPDATE SET sealed = excluded.sealed`,
        [id, sealed],
      );
    },
    async read(id) {
      const row = await db.one<{ sealed: Buffer }>('SELECT sealed FROM document_contents WHERE document_id = $1', [id]);
      if (!row) throw Object.assign(new Error(`no content for document ${id}`), { code: 'ENOENT' });
      return row.sealed;
    },
    async remove(id) {
      await db.run('DELETE FROM document_contents WHERE document_id = $1', [id]);
    },
  };
}
