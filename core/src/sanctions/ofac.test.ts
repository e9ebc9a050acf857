import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SanctionsImportError } from './entry.js';
import { parseOfacCsv } from './ofac.js';

const OFAC = new URL('../../../../shared/data/sanctions/ofac/', import.meta.url);
const file = (name: string) => ({ name, text: readFileSync(new URL(name, OFAC), 'utf8') });

describe('parseOfacCsv with the real SDN list', () => {
  const entries = parseOfacCsv({ sdn: file('sdn.csv'), alt: file('alt.csv'), add: file('add.csv') });
  const byId = new Map(entries.map((e) => [e.entryId, e]));

  it('reads every entry', () => {
    // 7,379 records: `wc -l` says 7,378 because the file has no final line break.
    expect(entries).toHaveLength(7379);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(7379);
    expect(entries.every((e) => e.listId === 'ofac-sdn' && e.name !== '')).toBe(true);
  });

  it('maps the SDN type, with no type meaning an entity', () => {
    const count = (type: string) => entries.filter((e) => e.type === type).length;
    expect([count('individual'), count('entity'), count('vessel'), count('aircraft')]).toEqual([3845, 2994, 323, 217]);
  });

  it('joins aliases, address countries, programs and the date of birth to their entry', () => {
    expect(byId.get('306')).toEqual({
      listId: 'ofac-sdn',
      entryId: '306',
      type: 'entity',
      name: 'BANCO NACIONAL DE CUBA',
      aliases: [{ name: 'NATIONAL BANK OF CUBA', quality: 'aka' }],
      programs: ['CUBA'],
      countries: ['Switzerland', 'Spain', 'Japan', 'Panama'],
      dateOfBirth: null,
      remarks: "a.k.a. 'BNC'.",
    });
    const escobar = byId.get('4319');
    expect(escobar).toMatchObject({ type: 'individual', name: 'ESCOBAR BUITRAGO, Walter', dateOfBirth: '08 Feb 1971' });
    const multi = entries.find((e) => e.programs.length === 3);
    expect(multi?.programs.every((p) => /^[A-Z0-9-]+$/.test(p))).toBe(true);
    expect(entries.reduce((n, e) => n + e.aliases.length, 0)).toBe(9682);
  });
});

describe('parseOfacCsv errors', () => {
  const sdn = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n';

  it('names the file and line of a record with the wrong number of fields', () => {
    const broken = { name: 'sdn.csv', text: `${sdn}${sdn.replace('36', '37')}173,"ANGLO-CARIBBEAN CO., LTD.",-0-\n` };
    expect(() => parseOfacCsv({ sdn: broken })).toThrow(
      new SanctionsImportError('sdn.csv', 'expected 12 fields, got 3', 3),
    );
    expect(() => parseOfacCsv({ sdn: broken })).toThrow('sdn.csv line 3: expected 12 fields, got 3');
  });

  it('refuses a duplicate ent_num, a non-numeric one and an alias of an unknown entry', () => {
    expect(() => parseOfacCsv({ sdn: { name: 'sdn.csv', text: sdn + sdn } })).toThrow(
      'sdn.csv line 2: ent_num 36 appears twice',
    );
    expect(() => parseOfacCsv({ sdn: { name: 'sdn.csv', text: sdn.replace('36', 'x6') } })).toThrow(
      "sdn.csv line 1: ent_num 'x6' is not a number",
    );
    const alt = { name: 'alt.csv', text: '36,12,"aka","AERO-CARIBBEAN",-0- \n99,13,"aka","NOBODY",-0- \n' };
    expect(() => parseOfacCsv({ sdn: { name: 'sdn.csv', text: sdn }, alt })).toThrow(
      'alt.csv line 2: ent_num 99 is not in sdn.csv',
    );
  });
});
