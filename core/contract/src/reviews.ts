import { z } from 'zod';
import { Timestamp } from './common.js';
import { Package, Recommendation, SanctionsStatus } from './verifications.js';

export const ReviewAuditEntry = z
  .object({
    at: Timestamp,
    actor: z.string(),
    action: z.enum(['queued', 'assigned', 'claimed', 'released', 'escalated', 'decided']),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'ReviewAuditEntry' });

export const Review = z
  .object({
    id: z.string(),
    object: z.literal('review'),
    verification_id: z.string(),
    supplier: z.string(),
    country_code: z.string(),
    package: Package,
    /** Why a person must look. */
    reasons: z.array(z.string()),
    trust_score: z.number().int().nullable(),
    confidence: z.number().nullable(),
    proposed_recommendation: Recommendation.nullable(),
    assigned_reviewer: z.string().nullable(),
    claimed_at: Timestamp.nullable(),
    due_at: Timestamp,
    overdue: z.boolean(),
    escalated_at: Timestamp.nullable(),
    livemode: z.boolean(),
    history: z.array(ReviewAuditEntry),
  })
  .meta({ id: 'Review' });
export type Review = z.infer<typeof Review>;

const Analyst = z.string().trim().min(1).max(100);

export const ListReviewsQuery = z.object({
  state: z
    .enum(['open', 'claimed', 'all'])
    .default('all')
    .meta({ description: '`open`: no analyst holds it; `claimed`: assigned or claimed; `all`.' }),
  analyst: Analyst.optional().meta({ description: "Only the reviews this analyst holds: an analyst's own queue." }),
});

export const ClaimReviewRequest = z.object({ analyst: Analyst }).strict().meta({ id: 'ClaimReviewRequest' });

export const DecideReviewRequest = z
  .object({
    analyst: Analyst,
    recommendation: Recommendation,
    notes: z.string().trim().min(1).max(2000),
    /** The analyst's resolution of a potential sanctions match. */
    sanctions_status: SanctionsStatus.optional(),
  })
  .strict()
  .meta({ id: 'DecideReviewRequest' });
export type DecideReviewRequest = z.infer<typeof DecideReviewRequest>;
