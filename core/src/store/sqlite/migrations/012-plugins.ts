/**
 * Plugins (issue #6). Each plugin has its own durable cursor over the event log (`plugin_cursors.seq`): events
 * past it are queued as `plugin_deliveries` rows in the same transaction as the cursor moves, a row is deleted
 * once the plugin handled it, and a row that ran out of retries stays as a dead letter until replayed.
 * `order_key` (the verification id, else the event id) keeps each verification's events in order.
 * `plugin_records` is a small per-plugin key-value store (the procurement gate's audit log, held approvals).
 */
export const plugins = `
CREATE TABLE plugin_cursors (
  plugin           TEXT PRIMARY KEY,
  seq              INTEGER NOT NULL DEFAULT 0,
  delivered        INTEGER NOT NULL DEFAULT 0,
  last_success_at  INTEGER,
  last_error       TEXT,
  last_error_at    INTEGER
);
CREATE TABLE plugin_deliveries (
  plugin           TEXT NOT NULL,
  event_seq        INTEGER NOT NULL,
  event_id         TEXT NOT NULL,
  event_type       TEXT NOT NULL,
  livemode         INTEGER NOT NULL,
  order_key        TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  locked_until     INTEGER,
  last_error       TEXT,
  queued_at        INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (plugin, event_seq)
) WITHOUT ROWID;
CREATE INDEX plugin_deliveries_due ON plugin_deliveries (plugin, status, next_attempt_at);
CREATE INDEX plugin_deliveries_order ON plugin_deliveries (plugin, order_key, event_seq);
CREATE TABLE plugin_records (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  plugin      TEXT NOT NULL,
  collection  TEXT NOT NULL,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (plugin, collection, key)
);
`;
