/**
 * Hub-wide settings (the master key check, issue #10), and the sealed content of uploaded documents: in the
 * database, so every hub process serves every document without a shared folder. Content is written before
 * its metadata row (no foreign key), as the SQLite backend writes the file first.
 */
export const sharedState = `
CREATE TABLE hub_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
CREATE TABLE document_contents (
  document_id  TEXT PRIMARY KEY,
  sealed       BYTEA NOT NULL
);
`;
