import type { Store } from '../store.js';
import { pgConsoleStore } from './console.js';
import { PgDb } from './db.js';
import { pgDocumentStore } from './documents.js';
import { pgEventStore } from './events.js';
import { pgIdempotencyStore } from './idempotency.js';
import { pgKeyStore } from './keys.js';
import { pgJobLocks } from './locks.js';
import { migratePg } from './migrate.js';
import { pgPluginStore } from './plugins.js';
import { COVERAGE_REFRESH_MS, pgBulkRegistryStore } from './registry.js';
import { pgReportStore } from './reports.js';
import { pgSanctionsStore } from './sanctions.js';
import { pgDocumentContentStore, pgSettingsStore } from './settings.js';
import { pgUserStore } from './users.js';
import { pgVerificationStore } from './verifications.js';
import { pgWebhookStore } from './webhooks.js';

export interface PostgresOptions {
  /** Connections in this process's pool. */
  poolSize?: number;
}

/** True for a `postgres://` or `postgresql://` URL (the values of KEYBS_DATABASE_URL that pick this backend). */
export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Opens the hub's store on PostgreSQL. It returns at once, like the SQLite store: the pending migrations run
 * in the background and every query waits for them (and fails with their error, should they fail).
 */
export function openPostgresStore(url: string, options: PostgresOptions = {}): Store {
  const db = new PgDb(url, { max: options.poolSize ?? 10 });
  const registry = pgBulkRegistryStore(db);
  let refresher: NodeJS.Timeout | undefined;
  void db
    .startWith(async (sql) => {
      await migratePg(sql);
    })
    .then(async () => {
      await registry.refreshCoverage();
      refresher = setInterval(() => void registry.refreshCoverage().catch(() => {}), COVERAGE_REFRESH_MS);
      refresher.unref();
    })
    .catch(() => {}); // reported by every query (see PgDb.startWith)
  return {
    keys: pgKeyStore(db),
    verifications: pgVerificationStore(db),
    idempotency: pgIdempotencyStore(db),
    events: pgEventStore(db),
    webhooks: pgWebhookStore(db),
    registry,
    sanctions: pgSanctionsStore(db),
    documents: pgDocumentStore(db),
    users: pgUserStore(db),
    reports: pgReportStore(db),
    plugins: pgPluginStore(db),
    console: pgConsoleStore(db),
    locks: pgJobLocks(db),
    settings: pgSettingsStore(db),
    documentContent: pgDocumentContentStore(db),
    async ping() {
      await db.query('SELECT 1');
    },
    async backup() {
      throw new Error('keybs backup copies a SQLite database; back up PostgreSQL with pg_dump or a replica');
    },
    async close() {
      if (refresher) clearInterval(refresher);
      await db.close();
    },
  };
}
