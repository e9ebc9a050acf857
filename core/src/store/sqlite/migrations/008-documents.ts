/**
 * Supporting documents of a verification: metadata and the document's own key, sealed under the master key.
 * The encrypted content lives in `<data dir>/documents/<id>`, never in the database.
 */
export const documents = `
CREATE TABLE documents (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT NOT NULL UNIQUE,
  livemode          INTEGER NOT NULL,
  verification_id   TEXT NOT NULL REFERENCES verifications (id),
  type              TEXT NOT NULL,
  filename          TEXT NOT NULL,
  content_type      TEXT NOT NULL,
  size              INTEGER NOT NULL,
  sha256            TEXT NOT NULL,
  duplicate_of      TEXT,
  wrapped_key       TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  purged_at         INTEGER
);
CREATE INDEX documents_verification ON documents (verification_id, sha256);
CREATE INDEX documents_unpurged ON documents (verification_id) WHERE purged_at IS NULL;
`;
