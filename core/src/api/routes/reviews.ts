import { ClaimReviewRequest, DecideReviewRequest, ListReviewsQuery, Review, Verification } from '@keybs/contract';
import { z } from 'zod';
import { rfc3339 } from '../../domain/clock.js';
import type { ReviewView } from '../../domain/reviews.js';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

const ID = { id: 'The verification id of the review.' };

function presentReview({ record: v, history, reasons }: ReviewView, now: number): Review {
  return {
    id: v.id,
    object: 'review',
    verification_id: v.id,
    supplier: v.supplier,
    country_code: v.countryCode,
    package: v.package,
    reasons,
    trust_score: v.assessment?.trustScore ?? null,
    confidence: v.confidence,
    proposed_recommendation: v.assessment?.recommendation ?? null,
    assigned_reviewer: v.assignedReviewer,
    claimed_at: v.reviewClaimedAt === null ? null : rfc3339(v.reviewClaimedAt),
    due_at: rfc3339(v.dueAt),
    overdue: v.dueAt < now,
    escalated_at: v.reviewEscalatedAt === null ? null : rfc3339(v.reviewEscalatedAt),
    livemode: v.livemode,
    history: history.map((h) => ({
      at: rfc3339(h.at),
      actor: h.actor,
      action: h.action,
      before: h.before,
      after: h.after,
    })),
  };
}

export const listReviews = defineRoute({
  method: 'get',
  path: '/v1/reviews',
  operationId: 'listReviews',
  summary: 'The analyst review queue',
  description: 'Verifications waiting for an analyst, the most urgent (earliest due) first, with why each needs one.',
  tag: 'Reviews',
  scope: 'verifications:read',
  query: ListReviewsQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
  responses: [{ status: 200, description: 'Reviews.', schema: z.object({ data: z.array(Review) }) }],
  async handle({ query, auth, services }) {
    const views = await services.reviews.list(auth.livemode, query.state, query.limit, query.analyst);
    return { status: 200, body: { data: views.map((v) => presentReview(v, services.clock.now())) } };
  },
});

export const claimReview = defineRoute({
  method: 'post',
  path: '/v1/reviews/:id/claim',
  operationId: 'claimReview',
  summary: 'Claim a review',
  description: 'Assigns the review to the analyst; it then shows as `assigned_reviewer` on the verification.',
  tag: 'Reviews',
  scope: 'reviews:write',
  params: ID,
  body: ClaimReviewRequest,
  responses: [{ status: 200, description: 'The review.', schema: Review }],
  errors: ['review_claimed_by_another', 'not_in_review'],
  async handle({ params, body, auth, services }) {
    const view = await services.reviews.claim(auth.livemode, params.id ?? '', body.analyst);
    return { status: 200, body: presentReview(view, services.clock.now()) };
  },
});

export const releaseReview = defineRoute({
  method: 'post',
  path: '/v1/reviews/:id/release',
  operationId: 'releaseReview',
  summary: 'Release a claimed review',
  tag: 'Reviews',
  scope: 'reviews:write',
  params: ID,
  body: ClaimReviewRequest,
  responses: [{ status: 200, description: 'The review, unassigned.', schema: Review }],
  errors: ['review_claimed_by_another', 'not_in_review'],
  async handle({ params, body, auth, services }) {
    const view = await services.reviews.release(auth.livemode, params.id ?? '', body.analyst);
    return { status: 200, body: presentReview(view, services.clock.now()) };
  },
});

export const decideReview = defineRoute({
  method: 'post',
  path: '/v1/reviews/:id/decide',
  operationId: 'decideReview',
  summary: 'Decide a review',
  description:
    'Issues the decision as the analyst, with notes; the analyst may resolve a potential sanctions match ' +
    '(`sanctions_status`). A sanctions match or a dissolved company can only be rejected.',
  tag: 'Reviews',
  scope: 'reviews:write',
  params: ID,
  body: DecideReviewRequest,
  responses: [{ status: 200, description: 'The completed verification.', schema: Verification }],
  errors: ['review_claimed_by_another', 'not_in_review'],
  async handle({ params, body, auth, services }) {
    const view = await services.reviews.decide(auth.livemode, params.id ?? '', body);
    return { status: 200, body: presentVerification(view) };
  },
});
