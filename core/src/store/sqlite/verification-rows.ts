import type { CheckRecord, VerificationRecord } from '../records.js';

/** Rows of the verifications and checks tables and their mapping to records. */
export interface VerificationRow {
  id: string;
  livemode: number;
  status: VerificationRecord['status'];
  supplier: string;
  country_code: string;
  registration_id: string;
  package: VerificationRecord['package'];
  external_ref: string | null;
  metadata: string;
  beneficiaries: string;
  webhook_url: string | null;
  webhook_endpoint_id: string | null;
  country_tier: VerificationRecord['countryTier'];
  estimated_sla: string;
  due_at: number;
  confidence: number | null;
  assigned_reviewer: string | null;
  decision: string | null;
  assessment: string | null;
  created_at: number;
  updated_at: number;
  decided_at: number | null;
  work_after: number | null;
  review_claimed_at: number | null;
  review_escalated_at: number | null;
  version: number;
}

export interface CheckRow {
  verification_id: string;
  type: CheckRecord['type'];
  position: number;
  status: CheckRecord['status'];
  outcome: string | null;
  summary: string | null;
  findings: string | null;
  attempts: number;
  next_attempt_at: number | null;
  completed_at: number | null;
}

export const fromRow = (r: VerificationRow): VerificationRecord => ({
  id: r.id,
  livemode: r.livemode === 1,
  status: r.status,
  supplier: r.supplier,
  countryCode: r.country_code,
  registrationId: r.registration_id,
  package: r.package,
  externalRef: r.external_ref,
  metadata: JSON.parse(r.metadata),
  beneficiaries: JSON.parse(r.beneficiaries),
  webhookUrl: r.webhook_url,
  webhookEndpointId: r.webhook_endpoint_id,
  countryTier: r.country_tier,
  estimatedSla: r.estimated_sla,
  dueAt: r.due_at,
  confidence: r.confidence,
  assignedReviewer: r.assigned_reviewer,
  decision: r.decision === null ? null : JSON.parse(r.decision),
  assessment: r.assessment === null ? null : JSON.parse(r.assessment),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  decidedAt: r.decided_at,
  workAfter: r.work_after,
  reviewClaimedAt: r.review_claimed_at,
  reviewEscalatedAt: r.review_escalated_at,
  version: r.version,
});

export const toRow = (v: VerificationRecord): VerificationRow => ({
  id: v.id,
  livemode: v.livemode ? 1 : 0,
  status: v.status,
  supplier: v.supplier,
  country_code: v.countryCode,
  registration_id: v.registrationId,
  package: v.package,
  external_ref: v.externalRef,
  metadata: JSON.stringify(v.metadata),
  beneficiaries: JSON.stringify(v.beneficiaries),
  webhook_url: v.webhookUrl,
  webhook_endpoint_id: v.webhookEndpointId,
  country_tier: v.countryTier,
  estimated_sla: v.estimatedSla,
  due_at: v.dueAt,
  confidence: v.confidence,
  assigned_reviewer: v.assignedReviewer,
  decision: v.decision === null ? null : JSON.stringify(v.decision),
  assessment: v.assessment === null ? null : JSON.stringify(v.assessment),
  created_at: v.createdAt,
  updated_at: v.updatedAt,
  decided_at: v.decidedAt,
  work_after: v.workAfter,
  review_claimed_at: v.reviewClaimedAt,
  review_escalated_at: v.reviewEscalatedAt,
  version: v.version,
});

export const checkFromRow = (r: CheckRow): CheckRecord => ({
  verificationId: r.verification_id,
  type: r.type,
  position: r.position,
  status: r.status,
  outcome: r.outcome,
  summary: r.summary,
  findings: r.findings === null ? null : JSON.parse(r.findings),
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  completedAt: r.completed_at,
});

export const checkToRow = (c: CheckRecord): CheckRow => ({
  verification_id: c.verificationId,
  type: c.type,
  position: c.position,
  status: c.status,
  outcome: c.outcome,
  summary: c.summary,
  findings: c.findings === null ? null : JSON.stringify(c.findings),
  attempts: c.attempts,
  next_attempt_at: c.nextAttemptAt,
  completed_at: c.completedAt,
});

export const COLUMNS = Object.keys(toRow({} as VerificationRecord));
export const CHECK_COLUMNS = Object.keys(checkToRow({} as CheckRecord));
/** Maps a record field name to its column. */
export const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
