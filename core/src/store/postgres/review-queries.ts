import type { VerificationStore } from '../store.js';
import type { PgDb } from './db.js';
import { fromRow, type VerificationRow } from './verification-rows.js';

/** The analyst review queue's reads of the verifications table. */
export function pgReviewQueries(
  db: PgDb,
): Pick<VerificationStore, 'inReview' | 'unassignedReviews' | 'overdueReviews'> {
  const many = async (text: string, params: unknown[]) => (await db.query<VerificationRow>(text, params)).map(fromRow);
  return {
    async inReview(livemode, claimed, limit, analyst) {
      return many(
        `SELECT * FROM verifications WHERE livemode = $1 AND status = 'in_review'
          AND ($2::boolean IS NULL OR (assigned_reviewer IS NOT NULL) = $2::boolean)
          AND ($3::text IS NULL OR assigned_reviewer = $3::text) ORDER BY due_at, seq LIMIT $4`,
        [livemode, claimed ?? null, analyst ?? null, limit],
      );
    },
    async unassignedReviews(limit) {
      return many(
        `SELECT * FROM verifications WHERE status = 'in_review' AND assigned_reviewer IS NULL
          ORDER BY due_at, seq LIMIT $1`,
        [limit],
      );
    },
    async overdueReviews(now) {
      return many(
        `SELECT * FROM verifications WHERE status = 'in_review' AND due_at < $1
          AND review_escalated_at IS NULL ORDER BY due_at LIMIT 100`,
        [now],
      );
    },
  };
}
