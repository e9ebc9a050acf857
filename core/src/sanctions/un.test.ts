import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUnXml } from './un.js';

const UN = new URL('../../../../shared/data/sanctions/un/consolidated.xml', import.meta.url);

describe('parseUnXml with the real consolidated list', () => {
  const { entries, publishedAt } = parseUnXml({ name: 'consolidated.xml', text: readFileSync(UN, 'utf8') });
  const byId = new Map(entries.map((e) => [e.entryId, e]));

  it('reads every individual and entity, keyed by reference number', () => {
    expect(entries.filter((e) => e.type === 'individual')).toHaveLength(730);
    expect(entries.filter((e) => e.type === 'entity')).toHaveLength(273);
    expect(publishedAt).toBe('2026-02-27T00:00:09.554Z');
  });

  it('joins the name parts and keeps aliases with their quality', () => {
    expect(byId.get('CDi.002')).toMatchObject({
      listId: 'un-consolidated',
      type: 'individual',
      name: 'FRANK KAKOLELE BWAMBALE',
      aliases: [
        { name: 'FRANK KAKORERE', quality: 'Good' },
        { name: 'FRANK KAKORERE BWAMBALE', quality: 'Good' },
        { name: 'AIGLE BLANC', quality: 'Good' },
      ],
      programs: ['DRC'],
      countries: ['Democratic Republic of the Congo'],
    });
    expect(byId.get('CDi.001')?.dateOfBirth).toBe('1971');
  });

  it('screens each part of a name that holds several, and the name in its original script', () => {
    expect(byId.get('CDe.003')?.aliases.map((a) => a.name)).toEqual(
      expect.arrayContaining(['COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)', 'GREAT LAKES BUSINESS COMPANY (GLBC)']),
    );
    const saddam = entries.find((e) => e.aliases.some((a) => a.name === 'صدام حسين التكريتي'));
    expect(saddam?.aliases.find((a) => a.quality === 'original script')?.name).toBe('صدام حسين التكريتي');
  });

  it('decodes entities in names', () => {
    expect(entries.some((e) => e.name === 'CHANG AN SHIPPING & TECHNOLOGY')).toBe(true);
  });
});

describe('parseUnXml errors', () => {
  it('gives the line and column of malformed XML', () => {
    const text = '<CONSOLIDATED_LIST>\n  <INDIVIDUALS>\n    <INDIVIDUAL><FIRST_NAME>A</SECOND_NAME>\n';
    expect(() => parseUnXml({ name: 'consolidated.xml', text })).toThrow(
      /^consolidated\.xml line 3, column \d+: malformed XML: .*FIRST_NAME/,
    );
  });

  it('refuses another kind of document', () => {
    expect(() => parseUnXml({ name: 'x.xml', text: '<export/>' })).toThrow(
      'x.xml: not a UN consolidated list: no CONSOLIDATED_LIST element',
    );
  });

  it('refuses an entry without a reference number or a name', () => {
    const entry = (inner: string) =>
      `<CONSOLIDATED_LIST><ENTITIES><ENTITY>${inner}</ENTITY></ENTITIES></CONSOLIDATED_LIST>`;
    expect(() => parseUnXml({ name: 'u.xml', text: entry('<FIRST_NAME>X</FIRST_NAME>') })).toThrow(
      "u.xml: an ENTITY without REFERENCE_NUMBER or DATAID ('X')",
    );
    expect(() => parseUnXml({ name: 'u.xml', text: entry('<REFERENCE_NUMBER>Xe.1</REFERENCE_NUMBER>') })).toThrow(
      'u.xml: ENTITY Xe.1 has no name',
    );
  });
});
