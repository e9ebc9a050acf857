import { validate } from 'node-cron';
import { z } from 'zod';

const Retry = z
  .object({
    /** Attempts at one batch before the run fails (1 = no retry). */
    attempts: z.number().int().min(1).max(10).default(4),
    /** First delay between attempts; doubled each time (with jitter). */
    baseDelayMs: z.number().int().min(0).max(600_000).default(2_000),
  })
  .strict();

const DuckDb = z
  .object({
    /** The database file (created when missing). */
    path: z.string().min(1),
    /** Also write each batch as a Parquet file into this folder (for a data lake). */
    parquetDir: z.string().min(1).optional(),
    /**
     * DuckDB's own memory limit, e.g. `256MB` (data beyond it goes to a temp file next to the database). Not
     * below 24MB: a commit of the table's 24 columns needs about 20MB of it.
     */
    memoryLimit: z.string().default('32MB'),
    /** DuckDB's worker threads (the export itself reads on the main thread meanwhile). */
    threads: z.number().int().min(1).max(64).default(1),
  })
  .strict();

const BigQuery = z
  .object({
    projectId: z.string().min(1),
    dataset: z.string().regex(/^\w{1,1024}$/, 'letters, digits and underscores only'),
    location: z.string().default('US'),
    /** A service-account key file; else Application Default Credentials. */
    keyFilename: z.string().optional(),
    /** Another API root (a proxy, an emulator, a test fake); requests then carry no Google auth. */
    apiEndpoint: z.string().url().optional(),
    /** The client's own retries of a failed request (the export also retries whole batches). */
    maxRetries: z.number().int().min(0).max(10).default(3),
  })
  .strict();

const Snowflake = z
  .object({
    account: z.string().min(1),
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    /** Key-pair auth: a PEM private key file. */
    privateKeyPath: z.string().optional(),
    database: z.string().min(1),
    schema: z.string().min(1).default('PUBLIC'),
    warehouse: z.string().optional(),
    role: z.string().optional(),
    /** Another root URL than `https://<account>.snowflakecomputing.com` (PrivateLink, a test fake). */
    accessUrl: z.string().url().optional(),
  })
  .strict()
  .refine((s) => s.password !== undefined || s.privateKeyPath !== undefined, 'needs password or privateKeyPath');

export const SINK_NAMES = ['duckdb', 'bigquery', 'snowflake'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export const WarehouseExportConfig = z
  .object({
    sink: z.enum(SINK_NAMES).default('duckdb'),
    duckdb: DuckDb.optional(),
    bigquery: BigQuery.optional(),
    snowflake: Snowflake.optional(),
    /** node-cron expression of the nightly run. */
    schedule: z.string().default('0 2 * * *').refine(validate, 'is not a valid cron expression'),
    timezone: z.string().default('UTC'),
    /** Run at start when a scheduled run was missed while the hub was down (or never ran). */
    catchUp: z.boolean().default(true),
    /** Which environments' decisions to export. */
    modes: z
      .array(z.enum(['live', 'test']))
      .min(1)
      .default(['live', 'test']),
    /** Rows per batch (one upsert and one watermark step each); the sink's default when omitted. */
    batchSize: z.number().int().min(1).max(100_000).optional(),
    /**
     * Decisions younger than this are left for the next run: a decision whose transaction commits a moment
     * after a later one was exported still lands after the watermark.
     */
    settleSeconds: z.number().int().min(0).max(3600).default(60),
    retry: Retry.default({ attempts: 4, baseDelayMs: 2_000 }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c[c.sink] === undefined)
      ctx.addIssue({ code: 'custom', path: [c.sink], message: `sink '${c.sink}' needs a '${c.sink}' section` });
    try {
      new Intl.DateTimeFormat('en', { timeZone: c.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone '${c.timezone}'` });
    }
  });
export type WarehouseExportConfig = z.output<typeof WarehouseExportConfig>;
