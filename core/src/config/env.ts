import { validate } from 'node-cron';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', ''])
  .transform((v) => v === '1' || v === 'true')
  .default(false);

/** Every environment variable the hub reads, parsed once, with its default. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  KEYBS_DATA_DIR: z.string().default('.keybs'),
  /** `postgres://…`: the store lives in that PostgreSQL database instead of SQLite in the data dir. */
  KEYBS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections each hub process keeps to PostgreSQL (with KEYBS_DATABASE_URL). */
  KEYBS_DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  KEYBS_CONFIG: z.string().optional(),
  KEYBS_PUBLIC_URL: z.url().optional(),
  KEYBS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sustained requests per second allowed per API key (token bucket); 0 disables the limit. */
  KEYBS_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(100),
  /** Bucket size: how many requests a key may send in a burst. */
  KEYBS_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  /** How long a request holds its Idempotency-Key before a crashed holder's lock may be taken over. */
  KEYBS_IDEMPOTENCY_LOCK_SECONDS: z.coerce.number().int().min(1).default(60),
  /** SQLite `synchronous`: `normal` survives process crashes; `full` also survives power loss, slower. */
  KEYBS_SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  /** How often the check worker looks for due work when nothing woke it (ms). */
  KEYBS_WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  KEYBS_WEBHOOK_RETRY_SCHEDULE: z.string().default('5,300,1800,7200,18000,36000,36000'),
  KEYBS_ALLOW_PRIVATE_WEBHOOKS: bool,
  /** Time a receiver has to answer a delivery. */
  KEYBS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Attempts in flight per endpoint (a slow receiver never holds more). */
  KEYBS_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** UK Companies House Public Data API key; without it GB companies are looked up through GLEIF or bulk data. */
  KEYBS_COMPANIES_HOUSE_API_KEY: z.string().min(1).optional(),
  KEYBS_COMPANIES_HOUSE_URL: z.url().default('https://api.company-information.service.gov.uk'),
  KEYBS_GLEIF_URL: z.url().default('https://api.gleif.org/api/v1'),
  KEYBS_REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Where `keybs sanctions update` downloads each list (the publishers' own addresses; override for a mirror). */
  KEYBS_OFAC_SDN_URL: z.url().default('https://www.treasury.gov/ofac/downloads/sdn.csv'),
  KEYBS_OFAC_ALT_URL: z.url().default('https://www.treasury.gov/ofac/downloads/alt.csv'),
  KEYBS_OFAC_ADD_URL: z.url().default('https://www.treasury.gov/ofac/downloads/add.csv'),
  KEYBS_UN_LIST_URL: z.url().default('https://scsanctions.un.org/resources/xml/en/consolidated.xml'),
  /** The EU financial sanctions (FSF) XML; no default: the EU list is updated only when this is set. */
  KEYBS_EU_LIST_URL: z.url().optional(),
  /** Base64 of 32 bytes; without it a key file `master.key` (mode 0600) is created in the data dir. */
  KEYBS_MASTER_KEY: z.string().optional(),
  /** Days after a verification's decision before its documents' content is deleted (metadata stays). */
  KEYBS_DOCUMENT_RETENTION_DAYS: z.coerce.number().min(0).default(90),
  /** When the daily document purge runs (cron, UTC); it also runs at every start. */
  KEYBS_DOCUMENT_PURGE_SCHEDULE: z
    .string()
    .default('30 3 * * *')
    .refine((expression) => validate(expression), 'not a cron expression (minute hour day month weekday)'),
  /** PEM certificate (chain) and private key files: with both, the hub serves HTTPS with TLS 1.3 only. */
  KEYBS_TLS_CERT: z.string().optional(),
  KEYBS_TLS_KEY: z.string().optional(),
  /** Seconds SIGTERM waits for in-flight requests and checks before closing anyway. */
  KEYBS_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).default(10),
});
export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}
