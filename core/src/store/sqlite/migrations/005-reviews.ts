/** Analyst review: who holds a review since when, escalation, and the audit trail of every change. */
export const reviews = `
ALTER TABLE verifications ADD COLUMN review_claimed_at INTEGER;
ALTER TABLE verifications ADD COLUMN review_escalated_at INTEGER;
CREATE INDEX verifications_review ON verifications (livemode, status, due_at) WHERE status = 'in_review';

CREATE TABLE review_audit (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  verification_id TEXT NOT NULL,
  at              INTEGER NOT NULL,
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL,
  before          TEXT,
  after           TEXT
);
CREATE INDEX review_audit_verification ON review_audit (verification_id, seq);
`;
