import type { ApiKeys } from '../auth/api-keys.js';
import type { Users } from '../auth/users.js';
import type { Env } from '../config/env.js';
import type { Documents } from '../documents/documents.js';
import type { Clock } from '../domain/clock.js';
import type { Coverage } from '../domain/coverage.js';
import type { Reviews } from '../domain/reviews.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { PluginHost } from '../plugins/host.js';
import type { Profiles } from '../reports/profile.js';
import type { Reports } from '../reports/reports.js';
import type { SigningKeys } from '../reports/signing-keys.js';
import type { SanctionsScreener } from '../sanctions/screener.js';
import type { Store } from '../store/store.js';
import type { WebhookEndpoints } from '../webhooks/endpoints.js';
import type { ViewCache } from './view-cache.js';

/** What the HTTP layer may call: the domain services, never SQL. */
export interface Services {
  env: Env;
  clock: Clock;
  store: Store;
  keys: ApiKeys;
  verifications: Verifications;
  coverage: Coverage;
  webhooks: WebhookEndpoints;
  sanctions: SanctionsScreener;
  reviews: Reviews;
  users: Users;
  reports: Reports;
  signingKeys: SigningKeys;
  profiles: Profiles;
  documents: Documents;
  /** The plugins of the config file (issue #6). */
  plugins: PluginHost;
  /** Answers of GET /v1/verifications/:id by version. */
  views: ViewCache;
  logger: Logger;
  metrics: Metrics;
  /** False until migrations ran and workers started, and again while shutting down. */
  ready: () => boolean;
}
