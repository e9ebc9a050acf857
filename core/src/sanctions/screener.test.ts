import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { migrate } from '../store/sqlite/migrate.js';
import { sqliteSanctionsStore } from '../store/sqlite/sanctions.js';
import { importListFiles } from './import.js';
import { SanctionsScreener } from './screener.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/sanctions/', import.meta.url));
const OFAC = ['sdn.csv', 'alt.csv', 'add.csv'].map((f) => join(DATA, 'ofac', f));
const UN = [join(DATA, 'un', 'consolidated.xml')];

/** A store on a fresh file, and a second store on the same file standing for another process (the CLI). */
function stores() {
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-screener-')), 'keybs.db');
  const connect = () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return sqliteSanctionsStore(db);
  };
  return { hub: connect(), cli: connect() };
}

const top = (screener: SanctionsScreener, name: string) => screener.screenName(name)[0];
/** Whether the UN entry of the Allied Democratic Forces (also on the OFAC list) is among the hits. */
const findsUnAdf = (screener: SanctionsScreener) =>
  screener.screenName('Allied Democratic Forces').some((h) => h.list === 'un-consolidated' && h.entry_id === 'CDe.001');

describe('SanctionsScreener', () => {
  it('screens against nothing until loaded, then against the current editions', async () => {
    const { hub } = stores();
    const screener = new SanctionsScreener(hub);
    expect(screener.screenName('Banco Nacional de Cuba')).toEqual([]);
    await importListFiles(hub, 'ofac-csv', OFAC);
    await screener.load();
    expect(top(screener, 'Banco Nacional de Cuba')).toMatchObject({ entry_id: '306', score: 1 });
    expect(screener.editions.map((e) => e.listId)).toEqual(['ofac-sdn']);
    expect(screener.size.entries).toBe(7379);
  });

  it('picks up an edition imported by another process, and only rebuilds when something changed', async () => {
    const { hub, cli } = stores();
    await importListFiles(cli, 'ofac-csv', OFAC);
    const screener = new SanctionsScreener(hub);
    await screener.load();
    expect(await screener.reloadIfChanged()).toBe(false);
    expect(findsUnAdf(screener)).toBe(false);
    await importListFiles(cli, 'un-xml', UN);
    expect(await screener.reloadIfChanged()).toBe(true);
    expect(findsUnAdf(screener)).toBe(true);
    expect(screener.size.entries).toBe(7379 + 1003);
  });

  it('keeps screening against the previous edition when an import fails', async () => {
    const { hub, cli } = stores();
    const first = await importListFiles(cli, 'ofac-csv', OFAC);
    const screener = new SanctionsScreener(hub);
    await screener.load();
    const dir = mkdtempSync(join(tmpdir(), 'keybs-screener-bad-'));
    const sdn = join(dir, 'sdn.csv');
    const lines = readFileSync(OFAC[0] ?? '', 'utf8').split('\n');
    lines[99] = '100,"HALF A RECORD"';
    writeFileSync(sdn, lines.join('\n'));
    await expect(importListFiles(cli, 'ofac-csv', [sdn, OFAC[1] ?? ''])).rejects.toThrow(
      /sdn\.csv line 100: expected 12 fields, got 2$/,
    );
    expect(await cli.currentEditions()).toEqual([first]);
    expect(await screener.reloadIfChanged()).toBe(false);
    expect(top(screener, 'Banco Nacional de Cuba')).toMatchObject({ entry_id: '306', score: 1 });
  });

  it('watches for new editions on a timer', async () => {
    const { hub, cli } = stores();
    const screener = new SanctionsScreener(hub);
    await screener.load();
    const onError = vi.fn();
    const stop = screener.watch(20, onError);
    try {
      await importListFiles(cli, 'un-xml', UN);
      await vi.waitFor(() => expect(findsUnAdf(screener)).toBe(true), { timeout: 5_000 });
      expect(onError).not.toHaveBeenCalled();
    } finally {
      stop();
    }
  });

  it('uses the thresholds it is given', async () => {
    const { hub } = stores();
    await importListFiles(hub, 'ofac-csv', OFAC);
    const strict = new SanctionsScreener(hub, { potentialMatch: 0.995 });
    await strict.load();
    expect(strict.thresholds.potentialMatch).toBe(0.995);
    expect(strict.screenName('Banco Nacionl de Cuba')).toEqual([]);
  });
});
