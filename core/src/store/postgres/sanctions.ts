import type { ListId } from '../../sanctions/entry.js';
import type { NewEdition, SanctionsEdition, SanctionsStore } from '../../sanctions/store.js';
import { type EntryRow, entryOf } from '../rows/sanctions.js';
import type { PgDb, Sql } from './db.js';

interface EditionRow {
  id: number;
  list_id: ListId;
  source: string;
  loaded_at: number;
  entry_count: number;
  checksum: string;
  published_at: string | null;
  current: boolean;
}

const editionOf = (r: EditionRow): SanctionsEdition => ({
  id: r.id,
  listId: r.list_id,
  source: r.source,
  loadedAt: r.loaded_at,
  entryCount: r.entry_count,
  checksum: r.checksum,
  publishedAt: r.published_at,
  current: r.current,
});

/** Entries are written in multi-row INSERTs of this many (a list has tens of thousands). */
const BATCH = 500;
const ENTRY_COLUMNS = 10;

async function insertEntries(sql: Sql, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows
    .map((_, r) => `(${Array.from({ length: ENTRY_COLUMNS }, (_, c) => `$${r * ENTRY_COLUMNS + c + 1}`).join(', ')})`)
    .join(', ');
  await sql.run(
    `INSERT INTO sanctions_entries
      (edition_id, position, entry_id, type, name, aliases, programs, countries, date_of_birth, remarks)
      VALUES ${values}`,
    rows.flat(),
  );
}

/** Sanctions list editions (tables of migration 003). */
export function pgSanctionsStore(db: PgDb): SanctionsStore {
  return {
    async importEdition(edition: NewEdition) {
      const id = await db.tx(async (sql) => {
        const [row] = await sql.query<{ id: number }>(
          `INSERT INTO sanctions_editions (list_id, source, loaded_at, entry_count, checksum, published_at, current)
            VALUES ($1, $2, $3, 0, $4, $5, false) RETURNING id`,
          [edition.listId, edition.source, edition.loadedAt, edition.checksum, edition.publishedAt],
        );
        if (!row) throw new Error('sanctions edition insert returned no id');
        let count = 0;
        let batch: unknown[][] = [];
        for (const e of edition.entries) {
          if (e.listId !== edition.listId)
            throw new Error(`entry ${e.entryId} belongs to ${e.listId}, not ${edition.listId}`);
          batch.push([
            row.id,
            count++,
            e.entryId,
            e.type,
            e.name,
            JSON.stringify(e.aliases),
            JSON.stringify(e.programs),
            JSON.stringify(e.countries),
            e.dateOfBirth ?? null,
            e.remarks ?? null,
          ]);
          if (batch.length === BATCH) {
            await insertEntries(sql, batch);
            batch = [];
          }
        }
        await insertEntries(sql, batch);
        // Retire first: the unique index allows one current edition per list at any moment.
        await sql.run('UPDATE sanctions_editions SET current = false WHERE list_id = $1 AND current', [edition.listId]);
        await sql.run('UPDATE sanctions_editions SET current = true, entry_count = $1 WHERE id = $2', [count, row.id]);
        return row.id;
      });
      const stored = await db.one<EditionRow>('SELECT * FROM sanctions_editions WHERE id = $1', [id]);
      if (!stored) throw new Error(`sanctions edition ${id} vanished after import`);
      return editionOf(stored);
    },
    async currentEditions() {
      return (await db.query<EditionRow>('SELECT * FROM sanctions_editions WHERE current ORDER BY list_id')).map(
        editionOf,
      );
    },
    async entriesOf(editionIds) {
      if (editionIds.length === 0) return [];
      const rows = await db.query<EntryRow>(
        `SELECT e.list_id, s.entry_id, s.type, s.name, s.aliases, s.programs, s.countries, s.date_of_birth, s.remarks
          FROM unnest($1::bigint[]) WITH ORDINALITY AS wanted (id, n)
          JOIN sanctions_entries s ON s.edition_id = wanted.id
          JOIN sanctions_editions e ON e.id = s.edition_id
          ORDER BY wanted.n, s.position`,
        [[...editionIds]],
      );
      return rows.map(entryOf);
    },
    async listEditions() {
      return (await db.query<EditionRow>('SELECT * FROM sanctions_editions ORDER BY id DESC')).map(editionOf);
    },
    async version() {
      const r = await db.one<{ v: string }>(
        `SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') AS v FROM sanctions_editions WHERE current`,
      );
      return r?.v ?? '';
    },
    async prune(keepPrevious) {
      // Entries go with their edition (ON DELETE CASCADE).
      return db.run(
        `DELETE FROM sanctions_editions WHERE id IN (SELECT id FROM (
          SELECT id, row_number() OVER (PARTITION BY list_id ORDER BY id DESC) AS age
          FROM sanctions_editions WHERE NOT current) old WHERE age > $1)`,
        [Math.max(0, keepPrevious)],
      );
    },
  };
}
