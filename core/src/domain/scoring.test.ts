import type { CheckType } from '@keybs/contract';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/check.js';
import { assess, needsReview, recommend, riskBandFor } from './scoring.js';

const results = (registry: string, identifier: string) =>
  new Map<CheckType, CheckResult>([
    ['identifier', { outcome: identifier, summary: '', findings: {} }],
    ['registry', { outcome: registry, summary: '', findings: {} }],
  ]);

describe('assess', () => {
  it('an active company with a valid id scores 100 but confidence only counts the checks that ran', () => {
    const a = assess(results('active', 'valid'));
    expect(a).toMatchObject({ trustScore: 100, riskBand: 'low', confidence: 0.65, registryStatus: 'active' });
    // Without sanctions screening confidence stays under 0.8, so never a plain "proceed".
    expect(a.recommendation).toBe('proceed_with_controls');
    expect(a.sanctionsStatus).toBeNull();
    expect(a.components.map((c) => [c.check, c.points, c.max])).toEqual([
      ['registry', 50, 50],
      ['identifier', 15, 15],
    ]);
  });

  it('an unchecked identifier earns half its points and less confidence', () => {
    const a = assess(results('active', 'unchecked'));
    expect(a.trustScore).toBe(89);
    expect(a.confidence).toBe(0.55);
  });

  it.each([
    ['dissolved', 'reject'],
    ['not_found', 'enhanced_due_diligence'],
    ['inactive', 'enhanced_due_diligence'],
    ['unavailable', 'enhanced_due_diligence'],
  ])('registry %s → %s, never proceed', (registry, recommendation) => {
    const a = assess(results(registry, 'valid'));
    expect(a.recommendation).toBe(recommendation);
    expect(a.registryStatus).toBe(registry);
  });

  it('an unavailable registry lowers confidence instead of inventing a status', () => {
    expect(assess(results('unavailable', 'valid')).confidence).toBe(0.15);
  });
});

describe('recommend', () => {
  it('a sanctions match always rejects', () => {
    expect(recommend('low', 1, 'active', 'match')).toBe('reject');
  });
  it('a potential match needs enhanced due diligence', () => {
    expect(recommend('low', 1, 'active', 'potential_match')).toBe('enhanced_due_diligence');
  });
  it('follows the band otherwise', () => {
    expect(recommend('low', 0.9, 'active', 'clear')).toBe('proceed');
    expect(recommend('medium', 0.9, 'active', 'clear')).toBe('proceed_with_controls');
    expect(recommend('high', 0.9, 'active', 'clear')).toBe('enhanced_due_diligence');
    expect(recommend('critical', 0.9, 'active', 'clear')).toBe('reject');
  });
  it('bands by score', () => {
    expect([80, 79, 60, 59, 40, 39].map(riskBandFor)).toEqual(['low', 'medium', 'medium', 'high', 'high', 'critical']);
  });
});

describe('needsReview', () => {
  const clean = assess(results('active', 'valid'));
  it('enhanced always goes to an analyst', () => expect(needsReview('enhanced', clean)).toBe(true));
  it('basic with nothing for a human does not', () => expect(needsReview('basic', clean)).toBe(false));
  it('standard below 0.7 confidence does', () => expect(needsReview('standard', clean)).toBe(true));
  it('an unavailable registry does, whatever the package', () =>
    expect(needsReview('basic', assess(results('unavailable', 'valid')))).toBe(true));
});

describe('sanctions and owners in the score', () => {
  const full = (sanctions: string, owners: string) =>
    new Map<CheckType, CheckResult>([
      ['identifier', { outcome: 'valid', summary: '', findings: {} }],
      ['registry', { outcome: 'active', summary: '', findings: { name_match: { verdict: 'match' } } }],
      ['sanctions', { outcome: sanctions, summary: '', findings: {} }],
      ['beneficiaries', { outcome: owners, summary: '', findings: {} }],
    ]);

  it('a screened, clean supplier with matching owners: full confidence and proceed', () => {
    expect(assess(full('clear', 'match'))).toMatchObject({
      trustScore: 100,
      confidence: 1,
      recommendation: 'proceed',
      sanctionsStatus: 'clear',
      beneficiary: 'match',
    });
  });

  it('not screened and not compared are left out, lowering confidence only', () => {
    expect(assess(full('not_screened', 'unverified'))).toMatchObject({
      trustScore: 100,
      confidence: 0.65,
      sanctionsStatus: null,
      beneficiary: 'not_provided',
    });
  });

  it('a sanctions match rejects whatever else is true', () => {
    expect(assess(full('match', 'match')).recommendation).toBe('reject');
  });

  it('owners that do not match cost points and need an analyst', () => {
    const a = assess(full('clear', 'no_match'));
    expect(a.trustScore).toBe(90);
    expect(needsReview('basic', a)).toBe(true);
  });

  it('a legal name that differs from the registry costs registry points and needs an analyst', () => {
    const results = full('clear', 'match');
    results.set('registry', { outcome: 'active', summary: '', findings: { name_match: { verdict: 'no_match' } } });
    const a = assess(results);
    expect(a.nameMatch).toBe('no_match');
    expect(a.trustScore).toBe(60);
    expect(needsReview('basic', a)).toBe(true);
  });
});
