import type { DecidedVerification } from '@keybs/core/plugins';
import type { DecisionRow, Watermark } from './columns.js';

/** A decided verification as a `keybs_decisions` row. */
export function decisionRow(v: DecidedVerification, exportedAt: number): DecisionRow {
  const d = v.decision;
  return {
    verification_id: d.verification_id,
    livemode: d.livemode,
    supplier: d.supplier,
    country_code: d.country_code,
    registration_id: d.registration_id,
    external_ref: d.external_ref,
    package: v.package,
    status: d.status,
    trust_score: d.trust_score,
    risk_band: d.risk_band,
    confidence: d.confidence,
    country_tier: d.country_tier,
    registry_status: d.registry_status,
    sanctions_status: d.sanctions_status,
    document_score: d.document_score,
    beneficiary: d.beneficiary,
    analyst: d.analyst,
    recommendation: d.recommendation,
    report_url: d.report_url,
    signed_at: Date.parse(d.signed_at),
    created_at: Date.parse(v.created_at),
    decided_at: Date.parse(v.decided_at),
    checks: JSON.stringify(v.checks),
    exported_at: exportedAt,
  };
}

export const watermarkOf = (v: DecidedVerification): Watermark => ({
  decidedAtMs: Date.parse(v.decided_at),
  verificationId: v.decision.verification_id,
});

/** Keyset order: decided_at, then verification_id. */
export function isAfter(a: Watermark, b: Watermark | null): boolean {
  if (b === null) return true;
  return a.decidedAtMs > b.decidedAtMs || (a.decidedAtMs === b.decidedAtMs && a.verificationId > b.verificationId);
}
