import type { Alias, EntryType, ListId, SanctionsEntry } from '../../sanctions/entry.js';

// Row shapes and mappers of the sanctions tables, the same in the SQLite and PostgreSQL stores.

export interface EntryRow {
  list_id: ListId;
  entry_id: string;
  type: EntryType;
  name: string;
  aliases: string;
  programs: string;
  countries: string;
  date_of_birth: string | null;
  remarks: string | null;
}

export const entryOf = (r: EntryRow): SanctionsEntry => ({
  listId: r.list_id,
  entryId: r.entry_id,
  type: r.type,
  name: r.name,
  aliases: JSON.parse(r.aliases) as Alias[],
  programs: JSON.parse(r.programs) as string[],
  countries: JSON.parse(r.countries) as string[],
  dateOfBirth: r.date_of_birth,
  remarks: r.remarks,
});
