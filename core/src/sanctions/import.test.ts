import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeListFile, readEdition } from './import.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/sanctions/', import.meta.url));
const OFAC = ['sdn.csv', 'alt.csv', 'add.csv'].map((f) => join(DATA, 'ofac', f));
const [SDN = '', ALT = '', ADD = ''] = OFAC;
const tempDir = () => mkdtempSync(join(tmpdir(), 'keybs-sanctions-import-'));

describe('readEdition', () => {
  it('reads the OFAC files into one edition with the checksum of their bytes', async () => {
    const edition = await readEdition('ofac-csv', OFAC);
    const hash = createHash('sha256');
    for (const path of OFAC) hash.update(readFileSync(path));
    expect(edition).toMatchObject({
      listId: 'ofac-sdn',
      source: 'ofac-csv: sdn.csv, alt.csv, add.csv',
      checksum: hash.digest('hex'),
      publishedAt: null,
    });
    expect(edition.entries).toHaveLength(7379);
  });

  it('tells the OFAC files apart by their fields when their names do not say', async () => {
    const dir = tempDir();
    const renamed = [join(dir, 'one.csv'), join(dir, 'two.csv'), join(dir, 'three.csv')];
    copyFileSync(ADD, renamed[0] ?? '');
    copyFileSync(SDN, renamed[1] ?? '');
    copyFileSync(ALT, renamed[2] ?? '');
    const edition = await readEdition('ofac-csv', renamed);
    expect(edition.entries).toHaveLength(7379);
    expect(edition.entries.find((e) => e.entryId === '306')?.aliases).toEqual([
      { name: 'NATIONAL BANK OF CUBA', quality: 'aka' },
    ]);
  });

  it('reads the UN list with its generation date', async () => {
    const edition = await readEdition('un-xml', [join(DATA, 'un', 'consolidated.xml')]);
    expect(edition).toMatchObject({ listId: 'un-consolidated', source: 'un-xml: consolidated.xml' });
    expect(edition.publishedAt).toBe('2026-02-27T00:00:09.554Z');
    expect(edition.entries).toHaveLength(1003);
  });

  it('reads an EU export', async () => {
    const edition = await readEdition('eu-xml', [fileURLToPath(new URL('./fixtures/eu-sample.xml', import.meta.url))]);
    expect(edition).toMatchObject({ listId: 'eu-fsf', source: 'eu-xml: eu-sample.xml' });
    expect(edition.entries).toHaveLength(3);
  });

  it('says which files are missing or extra', async () => {
    await expect(readEdition('ofac-csv', [SDN])).rejects.toThrow('ofac-csv needs sdn.csv and alt.csv');
    await expect(readEdition('ofac-csv', [SDN, SDN, ALT])).rejects.toThrow(/a second sdn\.csv/);
    await expect(readEdition('un-xml', [])).rejects.toThrow('un-xml takes exactly one file');
    const dir = tempDir();
    const odd = join(dir, 'other.csv');
    writeFileSync(odd, 'a,b,c\n');
    await expect(readEdition('ofac-csv', [odd, ALT])).rejects.toThrow(
      `${odd} line 1: not an OFAC sdn.csv (12 fields), alt.csv (5) or add.csv (6) file`,
    );
  });

  it('names the line of a malformed OFAC record', async () => {
    const dir = tempDir();
    const sdn = join(dir, 'sdn.csv');
    const lines = readFileSync(SDN, 'utf8').split('\n');
    lines[1233] = '9999,"BROKEN",-0-';
    writeFileSync(sdn, lines.join('\n'));
    await expect(readEdition('ofac-csv', [sdn, ALT])).rejects.toThrow(`${sdn} line 1234: expected 12 fields, got 3`);
  });
});

describe('readEdition without a format', () => {
  it('tells OFAC CSV, UN XML and EU XML apart', async () => {
    expect((await readEdition(undefined, OFAC)).listId).toBe('ofac-sdn');
    expect((await readEdition(undefined, [join(DATA, 'un', 'consolidated.xml')])).listId).toBe('un-consolidated');
    const eu = fileURLToPath(new URL('./fixtures/eu-sample.xml', import.meta.url));
    expect((await readEdition(undefined, [eu])).listId).toBe('eu-fsf');
  });

  it('refuses files of different formats, and XML it does not know', async () => {
    const eu = fileURLToPath(new URL('./fixtures/eu-sample.xml', import.meta.url));
    await expect(readEdition(undefined, [SDN, eu])).rejects.toThrow(
      'cannot tell the list format of these files: give --format',
    );
    const dir = tempDir();
    const other = join(dir, 'other.xml');
    writeFileSync(other, '<?xml version="1.0"?>\n<!-- a comment -->\n<sdnList xmlns="x"/>');
    await expect(readEdition(undefined, [other])).rejects.toThrow(
      `${other}: an XML list with root element sdnList is not one the hub reads`,
    );
  });
});

describe('decodeListFile', () => {
  it('reads UTF-8, falls back to Windows-1252, and drops a byte-order mark', () => {
    expect(decodeListFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x4d, 0xc3, 0xbc, 0x6c]))).toBe('Mül');
    expect(decodeListFile(new Uint8Array([0x4d, 0xfc, 0x6c]))).toBe('Mül');
  });
});
