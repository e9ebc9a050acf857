/**
 * Report signing keys (Ed25519; the private JWK sealed under the master key; retired keys stay to be
 * published) and the signed reports, written once per decision so they stay byte-stable.
 */
export const signingKeys = `
CREATE TABLE signing_keys (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  kid             TEXT NOT NULL UNIQUE,
  public_jwk      TEXT NOT NULL,
  sealed_private  TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  retired_at      INTEGER
);
CREATE TABLE reports (
  verification_id TEXT PRIMARY KEY REFERENCES verifications (id),
  livemode        INTEGER NOT NULL,
  kid             TEXT NOT NULL REFERENCES signing_keys (kid),
  dossier         TEXT NOT NULL,
  jws             TEXT NOT NULL,
  pdf             BLOB NOT NULL,
  pdf_sha256      TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
-- How far the report generator has read the event log (its 'verification.completed' events). Decisions made
-- before this migration get their report at the first fetch instead.
CREATE TABLE report_cursor (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL
);
INSERT INTO report_cursor (id, seq) SELECT 1, coalesce(max(seq), 0) FROM events;
`;
