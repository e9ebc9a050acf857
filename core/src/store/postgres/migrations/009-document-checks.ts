/** What each document's content says against its order (JSON), and the score that feeds `document_score`. */
export const documentChecks = `
ALTER TABLE documents ADD COLUMN checks TEXT;
ALTER TABLE documents ADD COLUMN score DOUBLE PRECISION;
CREATE INDEX documents_sha256 ON documents (livemode, sha256);
`;
