import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ListId, SanctionsEntry } from '../../sanctions/entry.js';
import type { NewEdition } from '../../sanctions/store.js';
import { migrate } from './migrate.js';
import { sqliteSanctionsStore } from './sanctions.js';

function open(file = join(mkdtempSync(join(tmpdir(), 'keybs-sanctions-')), 'keybs.db')) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return { db, file, store: sqliteSanctionsStore(db) };
}

const entry = (listId: ListId, entryId: string, name: string): SanctionsEntry => ({
  listId,
  entryId,
  type: 'entity',
  name,
  aliases: [{ name: `${name} ALIAS`, quality: 'aka' }],
  programs: ['SDGT', 'IRAN'],
  countries: ['Iran'],
  dateOfBirth: null,
  remarks: 'r',
});

const edition = (listId: ListId, names: string[], loadedAt = 1_000): NewEdition => ({
  listId,
  source: `test: ${names.length} names`,
  checksum: `sum-${names.join('|')}`,
  publishedAt: '2026-02-27',
  loadedAt,
  entries: names.map((n, i) => entry(listId, String(i + 1), n)),
});

describe('sqliteSanctionsStore', () => {
  it('stores an edition and gives its entries back as they went in', async () => {
    const { store } = open();
    const e = edition('ofac-sdn', ['ALPHA', 'BRAVO']);
    const saved = await store.importEdition(e);
    expect(saved).toEqual({
      id: saved.id,
      listId: 'ofac-sdn',
      source: 'test: 2 names',
      loadedAt: 1_000,
      entryCount: 2,
      checksum: 'sum-ALPHA|BRAVO',
      publishedAt: '2026-02-27',
      current: true,
    });
    expect(await store.entriesOf([saved.id])).toEqual(e.entries);
  });

  it('swaps the current edition of a list and leaves other lists alone', async () => {
    const { store } = open();
    const first = await store.importEdition(edition('ofac-sdn', ['ALPHA']));
    const un = await store.importEdition(edition('un-consolidated', ['UNITED']));
    const second = await store.importEdition(edition('ofac-sdn', ['BRAVO', 'CHARLIE'], 2_000));
    expect((await store.currentEditions()).map((e) => e.id).sort()).toEqual([second.id, un.id].sort());
    expect((await store.listEditions()).map((e) => [e.id, e.current])).toEqual([
      [second.id, true],
      [un.id, true],
      [first.id, false],
    ]);
    // The previous edition stays, whole, until pruned.
    expect((await store.entriesOf([first.id])).map((e) => e.name)).toEqual(['ALPHA']);
  });

  it('leaves the previous edition in force when an import fails half-way', async () => {
    const { store, db } = open();
    const first = await store.importEdition(edition('ofac-sdn', ['ALPHA']));
    const broken = edition('ofac-sdn', ['BRAVO', 'CHARLIE']);
    const entries = broken.entries as SanctionsEntry[];
    entries.push({ ...entries[0]!, name: 'DUPLICATE ID' });
    await expect(store.importEdition(broken)).rejects.toThrow(/UNIQUE/);
    expect(await store.currentEditions()).toEqual([first]);
    expect(await store.listEditions()).toEqual([first]);
    expect(db.prepare('SELECT count(*) AS n FROM sanctions_entries').get()).toEqual({ n: 1 });
  });

  it('refuses entries of another list', async () => {
    const { store } = open();
    const mixed = { ...edition('ofac-sdn', ['ALPHA']), entries: [entry('un-consolidated', '1', 'X')] };
    await expect(store.importEdition(mixed)).rejects.toThrow('entry 1 belongs to un-consolidated, not ofac-sdn');
    expect(await store.listEditions()).toEqual([]);
  });

  it('shows another connection the old edition until the new one commits, then the new one whole', async () => {
    const { store, file } = open();
    const first = await store.importEdition(edition('ofac-sdn', ['ALPHA']));
    // Another process (the hub, while the CLI imports): its own connection to the same file.
    const other = new Database(file, { readonly: true });
    const look = () => ({
      current: other.prepare('SELECT id FROM sanctions_editions WHERE current = 1').pluck().all(),
      entries: other.prepare('SELECT count(*) FROM sanctions_entries').pluck().get(),
    });
    const seen: ReturnType<typeof look>[] = [];
    const entries = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 1000; i++) {
          if (i === 500) seen.push(look()); // half-way through the import's transaction
          yield entry('ofac-sdn', String(i), `NAME ${i}`);
        }
      },
    };
    const second = await store.importEdition({ ...edition('ofac-sdn', []), entries });
    expect(seen).toEqual([{ current: [first.id], entries: 1 }]);
    expect(look()).toEqual({ current: [second.id], entries: 1001 });
    expect(second).toMatchObject({ current: true, entryCount: 1000 });
  });

  it('changes its version whenever the current editions change, and only then', async () => {
    const { store } = open();
    expect(await store.version()).toBe('');
    const a = await store.importEdition(edition('ofac-sdn', ['ALPHA']));
    const v1 = await store.version();
    expect(await store.version()).toBe(v1);
    const b = await store.importEdition(edition('un-consolidated', ['UNITED']));
    expect(await store.version()).toBe(`${a.id},${b.id}`);
    await store.importEdition(edition('ofac-sdn', ['BRAVO']));
    expect(await store.version()).not.toBe(`${a.id},${b.id}`);
  });

  it('prunes old editions, keeping the current one and the newest previous ones', async () => {
    const { store, db } = open();
    const ids: number[] = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push((await store.importEdition(edition('ofac-sdn', [name]))).id);
    const un = await store.importEdition(edition('un-consolidated', ['U']));
    expect(await store.prune(1)).toBe(2);
    expect((await store.listEditions()).map((e) => e.id)).toEqual([un.id, ids[3], ids[2]]);
    expect(await store.prune(0)).toBe(1);
    expect((await store.listEditions()).map((e) => e.id)).toEqual([un.id, ids[3]]);
    expect(db.prepare('SELECT count(*) AS n FROM sanctions_entries').get()).toEqual({ n: 2 });
  });
});
