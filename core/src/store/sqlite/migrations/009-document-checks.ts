/**
 * What each document's content says against its order (JSON), and the score that feeds `document_score`.
 * The sha256 index finds the same file submitted for another verification.
 */
export const documentChecks = `
ALTER TABLE documents ADD COLUMN checks TEXT;
ALTER TABLE documents ADD COLUMN score REAL;
CREATE INDEX documents_sha256 ON documents (livemode, sha256);
`;
