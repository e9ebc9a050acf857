import type { PluginHub, Verification } from '@keybs/core/plugins';

export interface GateQuery {
  external_ref?: string | undefined;
  verification_id?: string | undefined;
  threshold: number;
}

export interface GateAnswer {
  allowed: boolean;
  /** `verified`, or why not: `no_verification`, `not_completed`, `low_confidence`, `recommendation_blocks`. */
  reason: 'verified' | 'no_verification' | 'not_completed' | 'low_confidence' | 'recommendation_blocks';
  verification_id: string | null;
  confidence: number | null;
  recommendation: string | null;
}

const BLOCKING = new Set(['reject', 'enhanced_due_diligence']);

/**
 * The gate (contract §8): allowed only when the supplier's latest completed verification has a confidence of at
 * least the threshold and a recommendation other than `reject` or `enhanced_due_diligence`.
 */
export async function checkGate(hub: PluginHub, livemode: boolean, q: GateQuery): Promise<GateAnswer> {
  let latest: Verification | undefined;
  let newest: Verification | undefined;
  if (q.verification_id !== undefined) {
    newest = await hub.getVerification(livemode, q.verification_id);
    latest = newest?.status === 'completed' ? newest : undefined;
  } else if (q.external_ref !== undefined) {
    const all = await hub.findByExternalRef(livemode, q.external_ref, 100);
    newest = all[0];
    latest = all.find((v) => v.status === 'completed');
  }
  const base = { verification_id: (latest ?? newest)?.verification_id ?? null, confidence: null, recommendation: null };
  if (!newest) return { ...base, allowed: false, reason: 'no_verification' };
  if (!latest?.decision) return { ...base, allowed: false, reason: 'not_completed' };
  const { confidence, recommendation } = latest.decision;
  const answer = { verification_id: latest.verification_id, confidence, recommendation };
  if (BLOCKING.has(recommendation)) return { ...answer, allowed: false, reason: 'recommendation_blocks' };
  if (confidence < q.threshold) return { ...answer, allowed: false, reason: 'low_confidence' };
  return { ...answer, allowed: true, reason: 'verified' };
}
