import { describe, expect, it } from 'vitest';
import { jaroWinkler, matchNames, nameTokens } from './name-match.js';

describe('matchNames', () => {
  it.each([
    ['ACME LIMITED', 'Acme Ltd', 'match'],
    ['Acme Ltd.', 'ACME LIMITED', 'match'],
    ['Bloomberg Finance LP', 'Bloomberg Finance L.P.', 'match'],
    ['Société Générale S.A.', 'SOCIETE GENERALE', 'match'],
    ['Müller & Söhne GmbH', 'Mueller and Sohne GmbH', 'match'],
    ['Petronas Dagangan Sdn. Bhd.', 'PETRONAS DAGANGAN SDN BHD', 'match'],
    ['Acme Widgits Ltd', 'ACME WIDGETS LIMITED', 'match'],
    ['Bluesky Logistics', 'Blue Sky Logistics Ltd', 'match'],
    ["O'Brien Plumbing Ltd", 'OBRIEN PLUMBING LIMITED', 'match'],
    ['Acme Holdings Ltd', 'Acme Ltd', 'partial_match'],
    ['Acme Widgets UK', 'ACME WIDGETS LIMITED', 'partial_match'],
    ['First National Bank', 'First Choice Bank', 'partial_match'],
    ['Globex Corp', 'Acme Ltd', 'no_match'],
    ['Initech LLC', 'Initrode Inc', 'no_match'],
    ['Umbrella Corporation', 'Umbrella Insurance Brokers Group Holdings', 'no_match'],
    ['', 'Acme Ltd', 'no_match'],
  ])('%j vs %j → %s', (ordered, registered, verdict) => {
    expect(matchNames(ordered, registered).verdict).toBe(verdict);
  });

  it('scores 1 for names that differ only in form, and is symmetric', () => {
    expect(matchNames('ACME LIMITED', 'Acme Ltd')).toEqual({ score: 1, verdict: 'match' });
    expect(matchNames('Acme Holdings Ltd', 'Acme Ltd')).toEqual(matchNames('Acme Ltd', 'Acme Holdings Ltd'));
    expect(matchNames('Acme Holdings Ltd', 'Acme Ltd').score).toBe(0.67);
  });

  it('keeps a name made only of legal-form words', () => {
    expect(nameTokens('The Company Limited')).toEqual(['the', 'company', 'limited']);
    expect(matchNames('The Company Limited', 'THE COMPANY LTD').verdict).toBe('partial_match');
  });
});

describe('nameTokens', () => {
  it('drops case, accents, punctuation and legal forms', () => {
    expect(nameTokens('  Crédit Agricole S.A.  ')).toEqual(['credit', 'agricole']);
    expect(nameTokens('Acme (UK) Co., Ltd.')).toEqual(['acme', 'uk']);
    expect(nameTokens('Smith & Sons B.V.')).toEqual(['smith', 'and', 'sons']);
  });
});

describe('jaroWinkler', () => {
  it('matches the published examples', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', '')).toBe(0);
  });
});
