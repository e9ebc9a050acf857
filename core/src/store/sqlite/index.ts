import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { localLocks } from '../locks.js';
import type { Store } from '../store.js';
import { sqliteConsoleStore } from './console.js';
import { sqliteDocumentStore } from './documents.js';
import { sqliteEventStore } from './events.js';
import { sqliteIdempotencyStore } from './idempotency.js';
import { sqliteKeyStore } from './keys.js';
import { migrate } from './migrate.js';
import { sqlitePluginStore } from './plugins.js';
import { sqliteBulkRegistryStore } from './registry.js';
import { sqliteReportStore } from './reports.js';
import { sqliteSanctionsStore } from './sanctions.js';
import { sqliteSettingsStore } from './settings.js';
import { sqliteUserStore } from './users.js';
import { sqliteVerificationStore } from './verifications.js';
import { sqliteWebhookStore } from './webhooks.js';

export interface SqliteOptions {
  synchronous?: 'normal' | 'full';
}

/** Opens (creating if needed) the hub's SQLite database in WAL mode and applies pending migrations. */
export function openSqliteStore(file: string, options: SqliteOptions = {}): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  // The CLI writes to the same file while a server runs: wait for its lock instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const ping = db.prepare('SELECT 1');
  return {
    keys: sqliteKeyStore(db),
    verifications: sqliteVerificationStore(db),
    idempotency: sqliteIdempotencyStore(db),
    events: sqliteEventStore(db),
    webhooks: sqliteWebhookStore(db),
    registry: sqliteBulkRegistryStore(db),
    sanctions: sqliteSanctionsStore(db),
    documents: sqliteDocumentStore(db),
    users: sqliteUserStore(db),
    reports: sqliteReportStore(db),
    plugins: sqlitePluginStore(db),
    console: sqliteConsoleStore(db),
    locks: localLocks(),
    settings: sqliteSettingsStore(db),
    async ping() {
      ping.get();
    },
    async backup(target, onProgress) {
      await db.backup(target, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.(totalPages - remainingPages, totalPages);
          return 200;
        },
      });
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
