/** Webhook endpoints, their deliveries and attempts, and the dispatcher's cursor over the event log. */
export const webhooks = `
CREATE TABLE webhook_endpoints (
  id                          TEXT PRIMARY KEY,
  livemode                    INTEGER NOT NULL,
  url                         TEXT NOT NULL,
  events                      TEXT NOT NULL,
  description                 TEXT,
  status                      TEXT NOT NULL,
  disabled_reason             TEXT,
  secret                      TEXT NOT NULL,
  previous_secret             TEXT,
  previous_secret_expires_at  INTEGER,
  failing_since               INTEGER,
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL,
  deleted_at                  INTEGER,
  seq                         INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_env ON webhook_endpoints (livemode, seq);

CREATE TABLE webhook_deliveries (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  livemode        INTEGER NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  locked_until    INTEGER,
  payload         TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, endpoint_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);
CREATE INDEX webhook_deliveries_updated ON webhook_deliveries (updated_at) WHERE status != 'pending';

CREATE TABLE webhook_attempts (
  delivery_id   TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  attempted_at  INTEGER NOT NULL,
  status_code   INTEGER,
  latency_ms    INTEGER NOT NULL,
  error         TEXT,
  response_body TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX webhook_attempts_time ON webhook_attempts (attempted_at);

CREATE TABLE cursors (
  name TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL
);

CREATE INDEX events_time ON events (livemode, created_at);
ALTER TABLE verifications ADD COLUMN webhook_endpoint_id TEXT;
`;
