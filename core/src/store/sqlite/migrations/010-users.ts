/**
 * Console users (admins and analysts). Reviews are assigned by analyst name, so names are unique too; the
 * partial index counts each analyst's open reviews for least-loaded assignment.
 */
export const users = `
CREATE TABLE users (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  email            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name             TEXT NOT NULL UNIQUE,
  role             TEXT NOT NULL CHECK (role IN ('admin', 'analyst')),
  password_hash    TEXT NOT NULL,
  failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
  locked_until     INTEGER,
  created_at       INTEGER NOT NULL,
  disabled_at      INTEGER
);
CREATE INDEX verifications_assigned ON verifications (assigned_reviewer) WHERE status = 'in_review';
`;
