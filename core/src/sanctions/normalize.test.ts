import { describe, expect, it } from 'vitest';
import { LEGAL_FORMS } from './legal-forms.js';
import { foldName, nameTokens, normalizeName } from './normalize.js';
import { oneEditApart } from './one-edit.js';

describe('foldName', () => {
  it('lower-cases, strips accents and turns punctuation into single spaces', () => {
    expect(foldName('  Société Générale—Côte d’Ivoire  ')).toBe('societe generale cote divoire');
    expect(foldName('ESCOBAR BUITRAGO, Walter')).toBe('escobar buitrago walter');
    expect(foldName('AL-QA’IDA / (AQ)')).toBe('al qaida aq');
    expect(foldName('Müller & Søn Straße')).toBe('muller and son strasse');
  });

  it('drops dots so that abbreviations stay one word', () => {
    expect(foldName('S.A. de C.V.')).toBe('sa de cv');
    expect(foldName('Sdn. Bhd.')).toBe('sdn bhd');
  });

  it('transliterates Cyrillic and Greek', () => {
    expect(foldName('Александр Малкевич')).toBe('aleksandr malkevich');
    expect(foldName('ООО Йошкар-Ола Щит')).toBe('ooo yoshkar ola shchit');
    expect(foldName('Ελληνική Εταιρεία')).toBe('elliniki etaireia');
  });

  it('keeps letters of other scripts as they are', () => {
    expect(foldName('صدام حسين التكريتي')).toBe('صدام حسين التكريتي');
  });
});

describe('nameTokens', () => {
  it('drops legal forms at either end', () => {
    expect(normalizeName('Meridian Components Sdn. Bhd.')).toBe('meridian components');
    expect(normalizeName('ANGLO-CARIBBEAN CO., LTD.')).toBe('anglo caribbean');
    expect(normalizeName('OOO Federalnoe Agentstvo')).toBe('federalnoe agentstvo');
    expect(normalizeName('Acme GmbH & Co. KG')).toBe('acme');
    expect(normalizeName('RR TOUR, S.A. DE C.V.')).toBe('rr tour');
    expect(normalizeName('Vestas Wind Systems A/S')).toBe('vestas wind systems');
    expect(normalizeName('Акционерное общество «Северный Флот»')).toBe('severnyy flot');
  });

  it('recognises a long legal form with one typo', () => {
    expect(normalizeName('Korea Expo Joint Venture Corporaton')).toBe('korea expo joint venture');
    expect(normalizeName('Had Kaew Compnay Ltd')).toBe('had kaew');
  });

  it('keeps legal-form words inside a name, and a name that is nothing else', () => {
    expect(normalizeName('Co Operative Company Bank')).toBe('operative company bank');
    expect(nameTokens('Limited')).toEqual(['limited']);
    expect(nameTokens('AG')).toEqual(['ag']);
  });

  it('gives no tokens for a name without letters or digits', () => {
    expect(nameTokens(' -.,; ')).toEqual([]);
  });

  it('keeps every legal form in one list, written as it normalises', () => {
    expect(new Set(LEGAL_FORMS).size).toBe(LEGAL_FORMS.length);
    for (const form of LEGAL_FORMS) expect(foldName(form)).toBe(form);
  });
});

describe('oneEditApart', () => {
  it('accepts one substitution, insertion, deletion or swap, and nothing else', () => {
    expect(oneEditApart('company', 'compnay')).toBe(true);
    expect(oneEditApart('company', 'compny')).toBe(true);
    expect(oneEditApart('company', 'compaany')).toBe(true);
    expect(oneEditApart('company', 'compeny')).toBe(true);
    expect(oneEditApart('company', 'company')).toBe(false);
    expect(oneEditApart('company', 'cmopnay')).toBe(false);
  });
});
