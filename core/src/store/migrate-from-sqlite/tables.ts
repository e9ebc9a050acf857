/** Tables a copy leaves alone: the PostgreSQL migrations write their own history. */
export const NOT_COPIED: ReadonlySet<string> = new Set(['schema_migrations']);

/**
 * Tables the migrations themselves put a row in (011 starts the report cursor at the end of the event log):
 * such a row is not data a user would lose, so it does not make a target "non-empty", and the source's row
 * replaces it.
 */
export const SEEDED_BY_MIGRATIONS: ReadonlySet<string> = new Set(['report_cursor']);

/**
 * The one table only PostgreSQL has: the sealed content of uploaded documents, which SQLite hubs keep as files
 * in `<data dir>/documents/`. The copy fills it from those files.
 */
export const DOCUMENT_CONTENTS = 'document_contents';

/** A table or column name as an SQL identifier (the names are the schema's own, quoted all the same). */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * `tables` reordered so that each comes after the tables its foreign keys point to (each row can then be
 * inserted as it is read); otherwise in the given order (the order the migrations created them).
 */
export function copyOrder(tables: readonly string[], parentsOf: (table: string) => readonly string[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (table: string) => {
    if (placed.has(table)) return;
    if (visiting.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    visiting.add(table);
    for (const parent of parentsOf(table)) if (parent !== table && tables.includes(parent)) place(parent);
    visiting.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) place(table);
  return ordered;
}
