import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEuXml } from './eu.js';

/** A small export in the EU Financial Sanctions Files layout (xmlFullSanctionsList_1_1); no real file is kept here. */
const EU_SAMPLE = readFileSync(new URL('./fixtures/eu-sample.xml', import.meta.url), 'utf8');

describe('parseEuXml', () => {
  const { entries, publishedAt } = parseEuXml({ name: 'eu.xml', text: EU_SAMPLE });

  it('reads each sanctionEntity with its first strong name, its aliases, programmes and countries', () => {
    expect(publishedAt).toBe('2026-05-20T10:05:36.338+02:00');
    expect(entries).toEqual([
      {
        listId: 'eu-fsf',
        entryId: '13',
        type: 'individual',
        name: 'Saddam Hussein Al-Tikriti',
        aliases: [{ name: 'Abu Ali', quality: 'weak' }],
        programs: ['IRQ'],
        countries: ['IRAQ'],
        dateOfBirth: '1937-04-28',
        remarks: 'UNSC RESOLUTION 1483',
      },
      {
        listId: 'eu-fsf',
        entryId: '140006',
        type: 'entity',
        name: 'Акционерное общество "Северный Флот"',
        aliases: [{ name: 'Severny Flot JSC', quality: 'strong' }],
        programs: ['RUS', 'UKR'],
        countries: ['RUSSIAN FEDERATION'],
        dateOfBirth: null,
        remarks: null,
      },
      {
        listId: 'eu-fsf',
        entryId: '9',
        type: 'other',
        name: 'CHON MA SAN',
        aliases: [],
        programs: ['PRK'],
        countries: [],
        dateOfBirth: null,
        remarks: null,
      },
    ]);
  });

  it('refuses malformed XML with its position, and another kind of document', () => {
    expect(() => parseEuXml({ name: 'eu.xml', text: '<export>\n<sanctionEntity logicalId="1">\n</export>' })).toThrow(
      /^eu\.xml line 3, column \d+: malformed XML/,
    );
    expect(() => parseEuXml({ name: 'eu.xml', text: '<CONSOLIDATED_LIST/>' })).toThrow(
      'eu.xml: not an EU Financial Sanctions Files export: no export element',
    );
  });

  it('refuses an entity without logicalId or without any name', () => {
    expect(() => parseEuXml({ name: 'eu.xml', text: '<export><sanctionEntity/></export>' })).toThrow(
      'eu.xml: a sanctionEntity without logicalId',
    );
    expect(() =>
      parseEuXml({
        name: 'eu.xml',
        text: '<export><sanctionEntity logicalId="5"><nameAlias wholeName=""/></sanctionEntity></export>',
      }),
    ).toThrow('eu.xml: sanctionEntity 5 has no nameAlias with a name');
  });
});
