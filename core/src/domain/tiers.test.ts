import { describe, expect, it } from 'vitest';
import { isoDuration, slaFor } from './tiers.js';

describe('tiers', () => {
  it('MY (tier 2) + enhanced → PT6H, as in the seed', () => {
    expect(slaFor(2, 'enhanced')).toEqual({ iso: 'PT6H', ms: 6 * 3_600_000 });
  });
  it('a higher tier is never faster', () => {
    for (const pkg of ['basic', 'standard', 'enhanced'] as const) {
      expect(slaFor(1, pkg).ms).toBeLessThanOrEqual(slaFor(2, pkg).ms);
      expect(slaFor(2, pkg).ms).toBeLessThanOrEqual(slaFor(3, pkg).ms);
    }
    expect(slaFor(1, 'basic').iso).toBe('PT15M');
  });
  it('formats durations', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(45_000)).toBe('PT45S');
    expect(isoDuration(2 * 3_600_000 + 5 * 60_000)).toBe('PT2H5M');
    expect(isoDuration(3_600_000 + 1_000)).toBe('PT1H1S');
  });
});
