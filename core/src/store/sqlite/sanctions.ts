import type Database from 'better-sqlite3';
import type { ListId } from '../../sanctions/entry.js';
import type { NewEdition, SanctionsEdition, SanctionsStore } from '../../sanctions/store.js';
import { type EntryRow, entryOf } from '../rows/sanctions.js';

interface EditionRow {
  id: number;
  list_id: ListId;
  source: string;
  loaded_at: number;
  entry_count: number;
  checksum: string;
  published_at: string | null;
  current: number;
}

const editionOf = (r: EditionRow): SanctionsEdition => ({
  id: r.id,
  listId: r.list_id,
  source: r.source,
  loadedAt: r.loaded_at,
  entryCount: r.entry_count,
  checksum: r.checksum,
  publishedAt: r.published_at,
  current: r.current === 1,
});

/** Sanctions list editions in the hub's SQLite database (tables of migration 003). */
export function sqliteSanctionsStore(db: Database.Database): SanctionsStore {
  const insertEdition = db.prepare(`INSERT INTO sanctions_editions
    (list_id, source, loaded_at, entry_count, checksum, published_at, current)
    VALUES (@listId, @source, @loadedAt, 0, @checksum, @publishedAt, 0)`);
  const insertEntry = db.prepare(`INSERT INTO sanctions_entries
    (edition_id, position, entry_id, type, name, aliases, programs, countries, date_of_birth, remarks)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const retire = db.prepare('UPDATE sanctions_editions SET current = 0 WHERE list_id = ? AND current = 1');
  const promote = db.prepare('UPDATE sanctions_editions SET current = 1, entry_count = ? WHERE id = ?');
  const byId = db.prepare('SELECT * FROM sanctions_editions WHERE id = ?');
  const current = db.prepare('SELECT * FROM sanctions_editions WHERE current = 1 ORDER BY list_id');
  const all = db.prepare('SELECT * FROM sanctions_editions ORDER BY id DESC');
  const entries = db.prepare(`SELECT e.list_id, s.entry_id, s.type, s.name, s.aliases, s.programs, s.countries,
      s.date_of_birth, s.remarks
    FROM sanctions_entries s JOIN sanctions_editions e ON e.id = s.edition_id
    WHERE s.edition_id = ? ORDER BY s.position`);
  const version = db
    .prepare("SELECT coalesce(group_concat(id, ',' ORDER BY id), '') FROM sanctions_editions WHERE current = 1")
    .pluck();
  const stale = db
    .prepare(`SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY list_id ORDER BY id DESC) AS age
        FROM sanctions_editions WHERE current = 0)
      WHERE age > ?`)
    .pluck();
  const dropEntries = db.prepare('DELETE FROM sanctions_entries WHERE edition_id = ?');
  const dropEdition = db.prepare('DELETE FROM sanctions_editions WHERE id = ?');

  const importEdition = db.transaction((edition: NewEdition): number => {
    const { listId, source, loadedAt, checksum, publishedAt } = edition;
    const id = Number(insertEdition.run({ listId, source, loadedAt, checksum, publishedAt }).lastInsertRowid);
    let count = 0;
    for (const e of edition.entries) {
      if (e.listId !== edition.listId)
        throw new Error(`entry ${e.entryId} belongs to ${e.listId}, not ${edition.listId}`);
      insertEntry.run(
        id,
        count++,
        e.entryId,
        e.type,
        e.name,
        JSON.stringify(e.aliases),
        JSON.stringify(e.programs),
        JSON.stringify(e.countries),
        e.dateOfBirth ?? null,
        e.remarks ?? null,
      );
    }
    // Retire first: the unique index allows one current edition per list at any moment.
    retire.run(edition.listId);
    promote.run(count, id);
    return id;
  });

  const prune = db.transaction((keep: number): number => {
    const ids = stale.all(keep) as number[];
    for (const id of ids) {
      dropEntries.run(id);
      dropEdition.run(id);
    }
    return ids.length;
  });

  return {
    async importEdition(edition) {
      const id = importEdition.immediate(edition);
      return editionOf(byId.get(id) as EditionRow);
    },
    async currentEditions() {
      return (current.all() as EditionRow[]).map(editionOf);
    },
    async entriesOf(editionIds) {
      return editionIds.flatMap((id) => (entries.all(id) as EntryRow[]).map(entryOf));
    },
    async listEditions() {
      return (all.all() as EditionRow[]).map(editionOf);
    },
    async version() {
      return version.get() as string;
    },
    async prune(keepPrevious) {
      return prune.immediate(Math.max(0, keepPrevious));
    },
  };
}
