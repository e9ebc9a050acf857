/**
 * Console sign-in sessions (issue #9). The cookie carries a random token; only its SHA-256 is stored, so a
 * copy of the database signs no one in. Each session has its own CSRF token and a one-shot flash message.
 */
export const consoleSessions = `
CREATE TABLE console_sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  flash         TEXT
) WITHOUT ROWID;
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
`;
