import { join } from 'node:path';
import type { Services } from './api/services.js';
import { ViewCache } from './api/view-cache.js';
import { ApiKeys } from './auth/api-keys.js';
import { Users } from './auth/users.js';
import { beneficiariesCheck } from './checks/beneficiaries.js';
import { identifierCheck } from './checks/identifier.js';
import { bulkRegistryProvider } from './checks/registry/bulk.js';
import { registryCheck } from './checks/registry/check.js';
import { companiesHouseProvider } from './checks/registry/companies-house.js';
import { gleifProvider } from './checks/registry/gleif.js';
import type { RegistryProvider } from './checks/registry/provider.js';
import { simulatedRegistry } from './checks/registry/simulated.js';
import { sanctionsCheck } from './checks/sanctions.js';
import type { Env } from './config/env.js';
import { loadMasterKey, SecretBox } from './crypto/master-key.js';
import { checkMasterKey } from './crypto/master-key-check.js';
import { Documents } from './documents/documents.js';
import { DocumentFiles } from './documents/files.js';
import { type Clock, systemClock } from './domain/clock.js';
import { Coverage } from './domain/coverage.js';
import { CheckPipeline, DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './domain/pipeline.js';
import { Reviews } from './domain/reviews.js';
import { Verifications } from './domain/verifications.js';
import type { Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { PluginHost } from './plugins/host.js';
import { registerPluginMetrics } from './plugins/metrics.js';
import { Profiles } from './reports/profile.js';
import { Reports } from './reports/reports.js';
import { SigningKeys } from './reports/signing-keys.js';
import { SanctionsScreener } from './sanctions/screener.js';
import { openPostgresStore } from './store/postgres/index.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/store.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { WebhookEndpoints } from './webhooks/endpoints.js';
import { FIVE_DAYS_MS, parseSchedule } from './webhooks/retry-policy.js';
import { BackgroundLoop } from './worker/background-loop.js';
import { CheckWorker } from './worker/check-worker.js';

export const DATABASE_FILE = 'keybs.db';

export function openStore(env: Env): Store {
  if (env.KEYBS_DATABASE_URL)
    return openPostgresStore(env.KEYBS_DATABASE_URL, { poolSize: env.KEYBS_DATABASE_POOL_SIZE });
  return openSqliteStore(join(env.KEYBS_DATA_DIR, DATABASE_FILE), { synchronous: env.KEYBS_SQLITE_SYNCHRONOUS });
}

export const MASTER_KEY_FILE = 'master.key';
const ASSIGN_BATCH = 50;
const REPORT_BATCH = 200;
const REPORT_EVERY_MS = 5_000;
/** Reviews are assigned when they appear; this pass catches analysts added or freed since. */
const ASSIGN_EVERY_MS = 10_000;

/** Encrypted document files live in this folder of the data dir. */
export const DOCUMENTS_DIR = 'documents';

/** Live registry providers, first that covers an order wins: Companies House (with a key), GLEIF, bulk data. */
function liveRegistries(env: Env, store: Store): RegistryProvider[] {
  const timeoutMs = env.KEYBS_REGISTRY_TIMEOUT_MS;
  const key = env.KEYBS_COMPANIES_HOUSE_API_KEY;
  return [
    ...(key ? [companiesHouseProvider({ apiKey: key, baseUrl: env.KEYBS_COMPANIES_HOUSE_URL, timeoutMs })] : []),
    gleifProvider({ baseUrl: env.KEYBS_GLEIF_URL, timeoutMs }),
    bulkRegistryProvider(store.registry),
  ];
}

export interface Wiring {
  services: Services;
  worker: CheckWorker;
  dispatcher: WebhookDispatcher;
  /** Hands new reviews to the least-loaded analyst. */
  assigner: BackgroundLoop;
  /** Issues each decision's signed report right after the decision. */
  reporter: BackgroundLoop;
  setPublicUrl(url: string): void;
  setReady(ready: boolean): void;
  /** Fails the start when the master key cannot open what the database holds (see checkMasterKey). */
  checkMasterKey(): Promise<void>;
}

/** Builds the object graph of one hub: store → domain services → worker. */
export function wire(
  env: Env,
  logger: Logger,
  options: {
    clock?: Clock;
    store?: Store;
    pipeline?: PipelineOptions;
    metrics?: Metrics;
    /** Run the plugins in a worker thread of their own (`keybs serve`; tests and CLI commands run them here). */
    pluginThread?: boolean;
  } = {},
): Wiring {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? openStore(env);
  let publicUrl = env.KEYBS_PUBLIC_URL?.replace(/\/$/, '') ?? `http://127.0.0.1:${env.PORT}`;
  let ready = false;
  const screener = new SanctionsScreener(store.sanctions);
  const checks = [
    identifierCheck,
    registryCheck({ live: liveRegistries(env, store), test: [simulatedRegistry] }),
    sanctionsCheck(screener),
    beneficiariesCheck,
  ];
  const pipeline = new CheckPipeline(store, checks, clock, logger, options.pipeline ?? DEFAULT_PIPELINE_OPTIONS);
  const box = new SecretBox(loadMasterKey(env.KEYBS_MASTER_KEY, join(env.KEYBS_DATA_DIR, MASTER_KEY_FILE)));
  const metrics = options.metrics ?? new Metrics();
  const dispatcher = new WebhookDispatcher(store.webhooks, box, clock, logger, metrics, {
    policy: { delaysMs: parseSchedule(env.KEYBS_WEBHOOK_RETRY_SCHEDULE), jitter: 0.2, disableAfterMs: FIVE_DAYS_MS },
    timeoutMs: env.KEYBS_WEBHOOK_TIMEOUT_MS,
    perEndpoint: env.KEYBS_WEBHOOK_CONCURRENCY,
    maxInFlight: 256,
    allowPrivate: env.KEYBS_ALLOW_PRIVATE_WEBHOOKS,
    pollMs: 1_000,
  });
  let worker: CheckWorker | undefined;
  let assigner: BackgroundLoop | undefined;
  let reporter: BackgroundLoop | undefined;
  let plugins: PluginHost | undefined;
  const changed = () => {
    worker?.notify();
    dispatcher.notify();
    assigner?.notify();
    reporter?.notify();
    plugins?.notify();
  };
  const verifications = new Verifications(store, pipeline, clock, () => publicUrl, changed);
  plugins = new PluginHost(store.plugins, verifications, clock, logger, () => publicUrl, {
    pollMs: 1_000,
    locks: store.locks,
    ...(options.pluginThread && { thread: { env, changed } }),
  });
  registerPluginMetrics(metrics.registry, plugins);
  worker = new CheckWorker(store, verifications, clock, logger, { pollMs: env.KEYBS_WORKER_POLL_MS, concurrency: 64 });
  const reviews = new Reviews(store, verifications, clock);
  assigner = new BackgroundLoop(
    'review-assignment',
    logger,
    async () => ((await reviews.assignOpen(ASSIGN_BATCH)) === ASSIGN_BATCH ? 0 : ASSIGN_EVERY_MS),
    250,
    ASSIGN_EVERY_MS,
  );
  const signingKeys = new SigningKeys(store.reports, box, clock);
  const reports = new Reports(store, signingKeys, clock, () => publicUrl);
  reporter = new BackgroundLoop(
    'reports',
    logger,
    async () => {
      // One process at a time issues reports (they share one cursor; two would sign every report twice).
      const pass = await store.locks.tryRun('reports', () =>
        reports.issuePending(REPORT_BATCH, (id, error) =>
          logger.error({ err: error, verification_id: id }, 'report could not be issued; the first fetch will retry'),
        ),
      );
      return pass.ran && pass.value ? 0 : REPORT_EVERY_MS;
    },
    100,
    REPORT_EVERY_MS,
  );
  const services: Services = {
    env,
    clock,
    store,
    keys: new ApiKeys(store.keys, clock),
    verifications,
    coverage: new Coverage(store, clock),
    sanctions: screener,
    reviews,
    users: new Users(store.users, clock),
    reports,
    signingKeys,
    profiles: new Profiles(store, signingKeys, () => publicUrl),
    documents: new Documents(
      store,
      store.documentContent ?? new DocumentFiles(join(env.KEYBS_DATA_DIR, DOCUMENTS_DIR)),
      box,
      clock,
    ),
    views: new ViewCache(),
    plugins,
    webhooks: new WebhookEndpoints(store.webhooks, box, clock, env.KEYBS_ALLOW_PRIVATE_WEBHOOKS, changed),
    logger,
    metrics,
    ready: () => ready,
  };
  return {
    services,
    worker,
    dispatcher,
    assigner,
    reporter,
    setPublicUrl(url) {
      if (!env.KEYBS_PUBLIC_URL) publicUrl = url;
    },
    setReady(value) {
      ready = value;
    },
    checkMasterKey: () => checkMasterKey(store.settings, box),
  };
}
