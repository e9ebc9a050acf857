import type {
  BeneficiaryResult,
  CheckType,
  Recommendation,
  RegistryStatus,
  RiskBand,
  SanctionsStatus,
} from '@keybs/contract';
import type { CheckResult } from '../checks/check.js';

/** One line of the score: what a check contributed and why. Stored with the assessment. */
export interface ScoreComponent {
  check: CheckType;
  points: number;
  max: number;
  /** Share of the total evidence weight this check established (feeds confidence). */
  coverage: number;
  reason: string;
}

export interface Assessment {
  trustScore: number;
  riskBand: RiskBand;
  confidence: number;
  recommendation: Recommendation;
  registryStatus: RegistryStatus;
  sanctionsStatus: SanctionsStatus | null;
  documentScore: number | null;
  beneficiary: BeneficiaryResult;
  /** How the registry's legal name compares with the ordered one, when a registry answered. */
  nameMatch: NameVerdict | null;
  components: ScoreComponent[];
}

/** Evidence weights of the full model (docs/scoring.md); they sum to 100. */
export const WEIGHTS: Record<CheckType, number> = {
  registry: 50,
  identifier: 15,
  sanctions: 25,
  beneficiaries: 10,
  documents: 0,
};

const REGISTRY_POINTS: Record<RegistryStatus, number> = {
  active: 1,
  inactive: 0.3,
  dissolved: 0,
  not_found: 0,
  unavailable: 0,
};

type NameVerdict = 'match' | 'partial_match' | 'no_match';
/** Share of the registry points kept when the registry's legal name differs from the ordered one. */
const NAME_FACTOR: Record<NameVerdict, number> = { match: 1, partial_match: 0.6, no_match: 0.2 };

function nameVerdict(result: CheckResult | undefined): NameVerdict | null {
  const verdict = (result?.findings.name_match as { verdict?: string } | undefined)?.verdict;
  return verdict === 'match' || verdict === 'partial_match' || verdict === 'no_match' ? verdict : null;
}

function registryComponent(result: CheckResult | undefined): ScoreComponent {
  const status = (result?.outcome ?? 'unavailable') as RegistryStatus;
  const name = nameVerdict(result);
  const max = WEIGHTS.registry;
  return {
    check: 'registry',
    points: Math.round(REGISTRY_POINTS[status] * NAME_FACTOR[name ?? 'match'] * max),
    max,
    coverage: status === 'unavailable' ? 0 : max,
    reason: `registry status ${status}${name && name !== 'match' ? `, legal name ${name.replace('_', ' ')}` : ''}`,
  };
}

function identifierComponent(result: CheckResult | undefined): ScoreComponent {
  const outcome = result?.outcome ?? 'unchecked';
  const max = WEIGHTS.identifier;
  const share = outcome === 'valid' ? 1 : outcome === 'unchecked' ? 0.5 : 0;
  return {
    check: 'identifier',
    points: Math.round(share * max),
    max,
    coverage: outcome === 'valid' ? max : outcome === 'unchecked' ? Math.round(max / 3) : max,
    reason: `identifier ${outcome}`,
  };
}

/** Sanctions: 25 points when clear; a potential match keeps a third; a match none. Not screened: left out. */
function sanctionsComponent(result: CheckResult | undefined): ScoreComponent | undefined {
  const outcome = result?.outcome;
  if (outcome !== 'clear' && outcome !== 'potential_match' && outcome !== 'match') return undefined;
  const max = WEIGHTS.sanctions;
  const share = outcome === 'clear' ? 1 : outcome === 'potential_match' ? 1 / 3 : 0;
  return { check: 'sanctions', points: Math.round(share * max), max, coverage: max, reason: `sanctions ${outcome}` };
}

/** Beneficial owners: 10 points for a match, 5 for a partial one, none otherwise; not compared: left out. */
function beneficiariesComponent(result: CheckResult | undefined): ScoreComponent | undefined {
  const outcome = result?.outcome;
  if (outcome !== 'match' && outcome !== 'partial_match' && outcome !== 'no_match') return undefined;
  const max = WEIGHTS.beneficiaries;
  const share = outcome === 'match' ? 1 : outcome === 'partial_match' ? 0.5 : 0;
  return { check: 'beneficiaries', points: Math.round(share * max), max, coverage: max, reason: `owners ${outcome}` };
}

function beneficiaryOf(result: CheckResult | undefined): BeneficiaryResult {
  const outcome = result?.outcome;
  return outcome === 'match' || outcome === 'partial_match' || outcome === 'no_match' ? outcome : 'not_provided';
}

function sanctionsStatusOf(result: CheckResult | undefined): SanctionsStatus | null {
  const outcome = result?.outcome;
  return outcome === 'clear' || outcome === 'potential_match' || outcome === 'match' ? outcome : null;
}

/** The verification's `document_score`: the mean of the documents that could be judged, or null. */
export function documentScore(scores: readonly (number | null)[]): number | null {
  const judged = scores.filter((s): s is number => s !== null);
  if (judged.length === 0) return null;
  return Math.round((100 * judged.reduce((a, b) => a + b, 0)) / judged.length) / 100;
}

/** A `document_score` below this sends the verification to an analyst. */
export const DOCUMENT_REVIEW_BELOW = 0.5;

export function riskBandFor(score: number): RiskBand {
  if (score >= 80) return 'low';
  if (score >= 60) return 'medium';
  if (score >= 40) return 'high';
  return 'critical';
}

/**
 * The deterministic scoring model. The trust score is the share of points earned among the checks that
 * ran; confidence is the share of the model's whole evidence weight that was actually established, so a
 * check that has not run lowers confidence instead of inventing a result.
 */
export function assess(results: ReadonlyMap<CheckType, CheckResult>): Assessment {
  const sanctions = sanctionsComponent(results.get('sanctions'));
  const owners = beneficiariesComponent(results.get('beneficiaries'));
  const components = [
    registryComponent(results.get('registry')),
    identifierComponent(results.get('identifier')),
    ...(sanctions ? [sanctions] : []),
    ...(owners ? [owners] : []),
  ];
  const sanctionsStatus = sanctionsStatusOf(results.get('sanctions'));
  const points = components.reduce((sum, c) => sum + c.points, 0);
  const max = components.reduce((sum, c) => sum + c.max, 0);
  const trustScore = Math.round((100 * points) / max);
  const confidence = Math.round(components.reduce((sum, c) => sum + c.coverage, 0)) / 100;
  const registryStatus = (results.get('registry')?.outcome ?? 'unavailable') as RegistryStatus;
  const riskBand = riskBandFor(trustScore);
  return {
    trustScore,
    riskBand,
    confidence,
    recommendation: recommend(riskBand, confidence, registryStatus, sanctionsStatus),
    registryStatus,
    sanctionsStatus,
    documentScore: null,
    beneficiary: beneficiaryOf(results.get('beneficiaries')),
    nameMatch: nameVerdict(results.get('registry')),
    components,
  };
}

/** Hard rules first (a sanctions match rejects; dissolved or missing companies never proceed), then the band. */
export function recommend(
  band: RiskBand,
  confidence: number,
  registry: RegistryStatus,
  sanctions: SanctionsStatus | null,
): Recommendation {
  if (sanctions === 'match' || registry === 'dissolved') return 'reject';
  if (registry !== 'active' || sanctions === 'potential_match') return 'enhanced_due_diligence';
  switch (band) {
    case 'low':
      return confidence >= 0.8 ? 'proceed' : 'proceed_with_controls';
    case 'medium':
      return 'proceed_with_controls';
    case 'high':
      return 'enhanced_due_diligence';
    case 'critical':
      return 'reject';
  }
}

/** Why a person must look before the decision is issued (the review policy); empty when no one must. */
export function reviewReasons(pkg: 'basic' | 'standard' | 'enhanced', a: Assessment): string[] {
  const reasons: string[] = [];
  if (pkg === 'enhanced') reasons.push('enhanced package');
  if (a.sanctionsStatus === 'potential_match') reasons.push('potential sanctions match');
  if (a.registryStatus === 'unavailable') reasons.push('registry unavailable');
  if (a.nameMatch === 'partial_match' || a.nameMatch === 'no_match')
    reasons.push('legal name differs from the registry');
  if (a.beneficiary === 'no_match') reasons.push('declared owners not in the registry');
  if (a.documentScore !== null && a.documentScore < DOCUMENT_REVIEW_BELOW) {
    reasons.push('documents do not support the order');
  }
  if (pkg === 'standard' && a.riskBand !== 'low') reasons.push(`risk ${a.riskBand}`);
  if (pkg === 'standard' && a.confidence < 0.7) reasons.push(`confidence ${a.confidence} below 0.7`);
  return reasons;
}

export function needsReview(pkg: 'basic' | 'standard' | 'enhanced', a: Assessment): boolean {
  return reviewReasons(pkg, a).length > 0;
}
