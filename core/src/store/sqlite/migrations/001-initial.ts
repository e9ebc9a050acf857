/** The first schema: keys, verifications with their checks, the event log, idempotency keys. */
export const initial = `
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  name          TEXT,
  env           TEXT NOT NULL CHECK (env IN ('test', 'live')),
  scopes        TEXT NOT NULL,
  prefix        TEXT NOT NULL,
  secret_hash   TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  revoked_at    INTEGER,
  last_used_at  INTEGER,
  rotated_to    TEXT
);

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

CREATE TABLE verifications (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT NOT NULL UNIQUE,
  livemode          INTEGER NOT NULL,
  status            TEXT NOT NULL,
  supplier          TEXT NOT NULL,
  country_code      TEXT NOT NULL,
  registration_id   TEXT NOT NULL,
  package           TEXT NOT NULL,
  external_ref      TEXT,
  metadata          TEXT NOT NULL,
  beneficiaries     TEXT NOT NULL,
  webhook_url       TEXT,
  country_tier      INTEGER NOT NULL,
  estimated_sla     TEXT NOT NULL,
  due_at            INTEGER NOT NULL,
  confidence        REAL,
  assigned_reviewer TEXT,
  decision          TEXT,
  assessment        TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  decided_at        INTEGER,
  work_after        INTEGER
);
CREATE INDEX verifications_list ON verifications (livemode, seq);
CREATE INDEX verifications_status ON verifications (livemode, status, seq);
CREATE INDEX verifications_external_ref ON verifications (livemode, external_ref, seq);
CREATE INDEX verifications_country ON verifications (livemode, country_code, seq);
CREATE INDEX verifications_due ON verifications (work_after) WHERE work_after IS NOT NULL;
CREATE INDEX verifications_decided ON verifications (livemode, decided_at) WHERE decided_at IS NOT NULL;

CREATE TABLE checks (
  verification_id TEXT NOT NULL REFERENCES verifications (id),
  type            TEXT NOT NULL,
  position        INTEGER NOT NULL,
  status          TEXT NOT NULL,
  outcome         TEXT,
  summary         TEXT,
  findings        TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  completed_at    INTEGER,
  PRIMARY KEY (verification_id, type)
);

CREATE TABLE events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  livemode        INTEGER NOT NULL,
  verification_id TEXT,
  payload         TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX events_verification ON events (verification_id, seq);

CREATE TABLE idempotency_keys (
  env          TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  locked_until INTEGER,
  status       INTEGER,
  body         TEXT,
  request_id   TEXT,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (env, key)
);
CREATE INDEX idempotency_created ON idempotency_keys (created_at);
`;
