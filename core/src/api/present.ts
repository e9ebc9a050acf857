import type { Check, CoverageRow, Verification } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import type { VerificationView } from '../domain/verifications.js';
import type { CheckRecord } from '../store/records.js';

/** Storage records → the wire objects of the contract. */
export function presentCheck(c: CheckRecord): Check {
  return {
    type: c.type,
    status: c.status,
    outcome: c.outcome,
    summary: c.summary,
    findings: c.findings,
    attempts: c.attempts,
    completed_at: c.completedAt === null ? null : rfc3339(c.completedAt),
  };
}

export function presentVerification({ record: v, checks }: VerificationView): Verification {
  return {
    verification_id: v.id,
    object: 'verification',
    status: v.status,
    supplier: v.supplier,
    country_code: v.countryCode,
    registration_id: v.registrationId,
    package: v.package,
    external_ref: v.externalRef,
    metadata: v.metadata,
    beneficiaries: v.beneficiaries,
    webhook_url: v.webhookUrl,
    livemode: v.livemode,
    country_tier: v.countryTier,
    estimated_sla: v.estimatedSla,
    due_at: rfc3339(v.dueAt),
    confidence: v.confidence,
    assigned_reviewer: v.assignedReviewer,
    checks: checks.map(presentCheck),
    decision: v.decision,
    created_at: rfc3339(v.createdAt),
    updated_at: rfc3339(v.updatedAt),
  };
}

export type { CoverageRow };
