/** The screening thresholds and limits, in one place. */
export interface ScreeningConfig {
  /** A score at or above this is a `match`. */
  match: number;
  /** A score at or above this (and below `match`) is a `potential_match`; below it, no hit. */
  potentialMatch: number;
  /** How many candidates, at most, get the full comparison for one name. */
  maxCandidates: number;
}

export const DEFAULT_SCREENING_CONFIG: Readonly<ScreeningConfig> = {
  match: 0.95,
  potentialMatch: 0.85,
  maxCandidates: 100,
};

export type ScreeningOutcome = 'match' | 'potential_match' | 'clear';

/** What a score means under the thresholds: the verdict a sanctions check gives. */
export function classifyScore(score: number, config: ScreeningConfig = DEFAULT_SCREENING_CONFIG): ScreeningOutcome {
  if (score >= config.match) return 'match';
  return score >= config.potentialMatch ? 'potential_match' : 'clear';
}
