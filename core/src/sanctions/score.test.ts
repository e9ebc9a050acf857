import { describe, expect, it } from 'vitest';
import { scoreTokens } from './score.js';

const t = (s: string) => s.split(' ');

describe('scoreTokens', () => {
  it('is 1 for the same tokens in any order', () => {
    expect(scoreTokens(t('banco nacional de cuba'), t('banco nacional de cuba'))).toBe(1);
    expect(scoreTokens(t('walter escobar buitrago'), t('escobar buitrago walter'))).toBe(1);
  });

  it('penalises tokens left without a partner, by their length', () => {
    expect(scoreTokens(t('acme trading'), t('acme'))).toBeCloseTo(8 / 15, 6);
    expect(scoreTokens(t('acme'), t('acme trading'))).toBeCloseTo(8 / 15, 6);
  });

  it('keeps one typo high and unrelated names low', () => {
    expect(scoreTokens(t('banco nacionl de cuba'), t('banco nacional de cuba'))).toBeGreaterThan(0.95);
    expect(scoreTokens(t('ari hassan'), t('ali hassan'))).toBeGreaterThan(0.85);
    expect(scoreTokens(t('atlas electronics'), t('alamir electronics'))).toBeLessThan(0.85);
    expect(scoreTokens(t('northwind traders'), t('tidewater middle east'))).toBe(0);
  });

  it('treats names that differ only in spacing as equal', () => {
    expect(scoreTokens(t('aero caribbean'), t('aerocaribbean'))).toBe(1);
  });

  it('is 0 when either side is empty', () => {
    expect(scoreTokens([], t('cuba'))).toBe(0);
  });
});
