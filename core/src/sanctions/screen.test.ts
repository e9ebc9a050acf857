import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyScore, DEFAULT_SCREENING_CONFIG } from './config.js';
import type { SanctionsEntry } from './entry.js';
import { parseEuXml } from './eu.js';
import { parseOfacCsv } from './ofac.js';
import { ScreeningIndex } from './screen.js';
import { parseUnXml } from './un.js';

const DATA = new URL('../../../../shared/data/sanctions/', import.meta.url);
const file = (path: string) => ({ name: path, text: readFileSync(new URL(path, DATA), 'utf8') });

const ofac = parseOfacCsv({ sdn: file('ofac/sdn.csv'), alt: file('ofac/alt.csv'), add: file('ofac/add.csv') });
const un = parseUnXml(file('un/consolidated.xml')).entries;
const index = new ScreeningIndex([...ofac, ...un]);

/** The score of `entry` among the hits for `name`, or undefined when it is not among them. */
const scoreOf = (name: string, entry: Pick<SanctionsEntry, 'listId' | 'entryId'>) =>
  index.screenName(name, { limit: 50 }).find((h) => h.list === entry.listId && h.entry_id === entry.entryId)?.score;
const ofacEntry = (id: string) => ({ listId: 'ofac-sdn' as const, entryId: id });

describe('ScreeningIndex over the real OFAC and UN lists', () => {
  it('indexes every name and alias', () => {
    expect(index.size.entries).toBe(7379 + 1003);
    expect(index.size.names).toBeGreaterThan(20_000);
  });

  it('finds listed names and aliases as they are written, with score 1', () => {
    const sample = [...ofac.filter((_, i) => i % 400 === 0), ...un.filter((_, i) => i % 60 === 0)];
    expect(sample.length).toBeGreaterThan(30);
    for (const entry of sample) {
      const names = [entry.name, ...entry.aliases.slice(0, 2).map((a) => a.name)];
      for (const name of names) expect(scoreOf(name, entry), `${entry.entryId} ${name}`).toBe(1);
    }
  });

  it('answers in the wire format, best first, one hit per entry', () => {
    const hits = index.screenName('Banco Nacional de Cuba');
    expect(hits[0]).toEqual({
      list: 'ofac-sdn',
      entry_id: '306',
      name: 'BANCO NACIONAL DE CUBA',
      matched_name: 'BANCO NACIONAL DE CUBA',
      type: 'entity',
      programs: ['CUBA'],
      date_of_birth: null,
      score: 1,
    });
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(new Set(hits.map((h) => `${h.list}/${h.entry_id}`)).size).toBe(hits.length);
  });

  it('reports the alias that matched', () => {
    expect(index.screenName('National Bank of Cuba')[0]).toMatchObject({
      entry_id: '306',
      name: 'BANCO NACIONAL DE CUBA',
      matched_name: 'NATIONAL BANK OF CUBA',
    });
  });

  it('ignores case, accents, punctuation and legal forms', () => {
    for (const variant of [
      'banco nacional de cuba',
      'Bánco Nacíonal de Cubá',
      'BANCO-NACIONAL, DE CUBA.',
      'Banco Nacional de Cuba S.A.',
    ]) {
      expect(scoreOf(variant, ofacEntry('306')), variant).toBe(1);
    }
    expect(scoreOf('Anglo Caribbean Company Limited', ofacEntry('173'))).toBe(1);
    expect(scoreOf('anglo-caribbean co ltd', ofacEntry('173'))).toBe(1);
  });

  it('finds one-typo variants as at least a potential match', () => {
    const cases: [string, string][] = [
      ['Banco Nacionl de Cuba', '306'],
      ['Banco Nacional de Cubz', '306'],
      ['Aerocaribean Airlines', '36'],
      ['Walter Escobar Buitargo', '4319'],
      ['Anglo-Carribean Co., Ltd.', '173'],
    ];
    for (const [query, id] of cases) {
      const score = scoreOf(query, ofacEntry(id));
      expect(score, query).toBeDefined();
      expect(classifyScore(score ?? 0), query).not.toBe('clear');
      expect(score, query).toBeLessThan(1);
    }
  });

  it('finds reordered names', () => {
    expect(scoreOf('Walter Escobar Buitrago', ofacEntry('4319'))).toBe(1);
    expect(scoreOf('Kakolele Bwambale Frank', { listId: 'un-consolidated', entryId: 'CDi.002' })).toBe(1);
  });

  it('finds Cyrillic and Arabic writings', () => {
    const malkevich = ofac.find((e) => e.name === 'MALKEVICH, Alexander Aleksandrovich');
    expect(malkevich).toBeDefined();
    const cyrillic = scoreOf('Малкевич Александр Александрович', ofacEntry(malkevich?.entryId ?? ''));
    expect(classifyScore(cyrillic ?? 0)).not.toBe('clear');
    const saddam = un.find((e) => e.aliases.some((a) => a.name === 'صدام حسين التكريتي'));
    expect(scoreOf('صدام حسين التكريتي', saddam ?? ofacEntry(''))).toBe(1);
  });

  it('does not match clean company names', () => {
    for (const clean of [
      'Northwind Traders Ltd',
      'Meridian Components Sdn. Bhd.',
      'Acme GmbH',
      'Bluestone Packaging B.V.',
      'Harbourview Foods Pty Ltd',
      'Kestrel Precision Engineering GmbH',
      'Silverline Logistics S.A. de C.V.',
    ]) {
      expect(index.screenName(clean), clean).toEqual([]);
    }
  });

  it('filters by type and honours limit and minScore', () => {
    expect(scoreOf('ESCOBAR BUITRAGO, Walter', ofacEntry('4319'))).toBe(1);
    expect(index.screenName('ESCOBAR BUITRAGO, Walter', { type: 'entity' }).some((h) => h.entry_id === '4319')).toBe(
      false,
    );
    expect(index.screenName('ESCOBAR BUITRAGO, Walter', { type: 'individual' })[0]?.entry_id).toBe('4319');
    expect(index.screenName('Banco Nacional de Cuba', { type: 'individual' }).some((h) => h.entry_id === '306')).toBe(
      false,
    );
    const wide = index.screenName('Mohammad', { limit: 100, minScore: 0.5 });
    expect(wide.length).toBeGreaterThan(3);
    expect(wide.every((h) => h.score >= 0.5)).toBe(true);
    expect(index.screenName('Mohammad', { limit: 3, minScore: 0.5 })).toEqual(wide.slice(0, 3));
  });

  it('answers nothing for a name without letters or digits', () => {
    expect(index.screenName(' .,- ')).toEqual([]);
  });
});

describe('ScreeningIndex with an EU edition', () => {
  const sample = readFileSync(new URL('./fixtures/eu-sample.xml', import.meta.url), 'utf8');
  const eu = new ScreeningIndex(parseEuXml({ name: 'eu-sample.xml', text: sample }).entries);

  it('finds names in either script, and an entry by a weak alias', () => {
    expect(eu.screenName('Severny Flot')[0]).toMatchObject({ list: 'eu-fsf', entry_id: '140006', score: 1 });
    expect(eu.screenName('Северный Флот АО')[0]).toMatchObject({ entry_id: '140006', score: 1 });
    expect(eu.screenName('Abu Ali')[0]).toMatchObject({ entry_id: '13', matched_name: 'Abu Ali' });
  });
});

describe('thresholds', () => {
  it('classifies with the defaults, or with the given config', () => {
    expect(DEFAULT_SCREENING_CONFIG).toMatchObject({ match: 0.95, potentialMatch: 0.85 });
    expect([
      classifyScore(1),
      classifyScore(0.95),
      classifyScore(0.9),
      classifyScore(0.85),
      classifyScore(0.84),
    ]).toEqual(['match', 'match', 'potential_match', 'potential_match', 'clear']);
    expect(classifyScore(0.9, { ...DEFAULT_SCREENING_CONFIG, match: 0.9 })).toBe('match');
  });

  it('returns nothing below a raised potential-match threshold', () => {
    const strict = new ScreeningIndex(ofac.slice(0, 50), { potentialMatch: 0.995 });
    expect(strict.screenName('Banco Nacionl de Cuba')).toEqual([]);
    expect(strict.screenName('Banco Nacional de Cuba')[0]?.score).toBe(1);
  });
});
