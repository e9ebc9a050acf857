import type {
  Decision,
  Environment,
  EventType,
  OrderVerificationRequest,
  Scope,
  StatusChanged,
  Verification,
} from '@keybs/contract';
import type { z } from 'zod';

/**
 * The plugin interface: what a plugin package exports (its default export, or a named `plugin` export) and what
 * the hub hands it. This file is the contract with third-party plugin authors (docs/plugins.md): change it only
 * additively, and bump the core's minor version when you do.
 */
export interface PluginDefinition<S extends z.ZodType = z.ZodType> {
  /** Unique among the loaded plugins; shown in logs, `GET /v1/plugins` and `keybs plugins`. */
  name: string;
  /** The plugin's own version, for display. */
  version?: string;
  /** The KeyBS core versions this plugin works with, as a semver range (`^0.1.0`). */
  core: string;
  /** Validates the plugin's `config` from the config file; a failure stops the hub's start. */
  config: S;
  /** Event types handed to `onEvent`/`onEvents`; all when omitted. */
  events?: readonly EventType[];
  /**
   * Where `keybs serve` runs the plugin: `plugin` (the default), the hub's plugin thread, where its work never
   * holds the API's event loop; `main`, the API's own thread, for a plugin whose endpoints must answer in the
   * least time and whose event handling is light (docs/plugins.md, *Where plugins run*).
   */
  thread?: 'plugin' | 'main';
  /** Builds the running plugin once, at start. Throwing stops the hub's start with the message. */
  setup(context: PluginContext<z.output<S>>): PluginHooks | Promise<PluginHooks>;
}

/** A decision (`verification.completed`) or a status change, as webhooks carry them. */
export type PluginEvent = {
  /** `evt_…`: the same on every retry; deduplicate on it. */
  id: string;
  /** Position in the event log (increasing). */
  seq: number;
  livemode: boolean;
  verification_id: string | null;
  created_at: string;
  /** 1 on the first attempt. */
  attempt: number;
} & (
  | { type: 'verification.completed'; payload: Decision }
  | { type: 'verification.status_changed'; payload: StatusChanged }
);

/** An event of a batch that failed; the others of the batch count as handled. */
export interface EventFailure {
  eventId: string;
  error: unknown;
}

export interface PluginHooks {
  /** Handles one event; resolving means done, throwing means retry (or dead letter, see `permanentError`). */
  onEvent?(event: PluginEvent, signal: AbortSignal): Promise<void>;
  /**
   * Handles up to `batchSize` events at once (each of a different verification); returns those that failed.
   * Throwing fails the whole batch. Takes precedence over `onEvent`.
   */
  onEvents?(events: PluginEvent[], signal: AbortSignal): Promise<EventFailure[] | undefined>;
  /** Largest batch for `onEvents` (default 100). */
  batchSize?: number;
  /** Jobs run by node-cron while the hub runs; a run never overlaps the previous one of the same job. */
  schedules?: PluginSchedule[];
  /** HTTP endpoints under `/v1/`, with the hub's auth, scopes, idempotency and error body. */
  routes?: PluginRoute[];
  /** Asked by `GET /v1/plugins` (2 s budget). */
  health?(): PluginHealth | Promise<PluginHealth>;
  /** Called once at shutdown, after the last event was handed over. */
  close?(): Promise<void>;
  /** Called once when the hub starts serving (never for a CLI command), e.g. to catch up a missed schedule. */
  start?(): void | Promise<void>;
  /** Commands of the `keybs` CLI (`keybs <name> …`), run against the local data dir with this plugin set up. */
  commands?: PluginCommand[];
  /** Values shown by `GET /metrics` as `keybs_plugin_metric{plugin,metric}`. */
  metrics?(): PluginMetric[] | Promise<PluginMetric[]>;
}

export interface PluginCommand {
  /** The word after `keybs`; a core command of the same name wins. */
  name: string;
  /** Shown by `keybs help`. */
  help: string;
  /** `argv` is what follows the name, without `--config`/`--data-dir`; resolves to the exit code. */
  run(argv: string[], io: PluginCommandIO): Promise<number>;
}

export interface PluginCommandIO {
  stdout: NodeJS.WriteStream;
  /** Progress goes here, and only when it is a TTY. */
  stderr: NodeJS.WriteStream;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

export interface PluginMetric {
  /** Lower-case letters, digits and underscores. */
  name: string;
  help: string;
  value: number;
}

export interface PluginSchedule {
  name: string;
  /** A node-cron expression (5 fields, or 6 with seconds). */
  cron: string;
  /** IANA time zone (default UTC). */
  timezone?: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface PluginHealth {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

export interface PluginRoute<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Must start with `/v1/` and not be a core endpoint. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  scope: Scope;
  body?: B;
  query?: Q;
  responses: { status: number; description: string; schema?: z.ZodType }[];
  handle(request: PluginRequest<z.output<B>, z.output<Q>>): Promise<{ status: number; body: unknown }>;
}

export interface PluginRequest<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  /** The API key's environment: `test` keys see test-mode verifications only. */
  env: Environment;
  livemode: boolean;
  requestId: string;
}

/** What the hub offers a plugin. */
export interface PluginContext<C> {
  name: string;
  config: C;
  logger: PluginLogger;
  hub: PluginHub;
  /** A small key-value store of this plugin's own, in the hub's database. */
  storage: PluginStorage;
  /** The hub's clock (ms since the epoch); tests move it. */
  now(): number;
}

export interface PluginLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface PluginHub {
  /** Undefined when unknown in that environment. */
  getVerification(livemode: boolean, id: string): Promise<Verification | undefined>;
  /** Verifications with this `external_ref`, newest first. */
  findByExternalRef(livemode: boolean, externalRef: string, limit?: number): Promise<Verification[]>;
  /** Orders a verification as an API call would (validation errors are thrown as the API's errors). */
  orderVerification(livemode: boolean, order: OrderVerificationRequest): Promise<Verification>;
  /** The hub's public base URL (no trailing slash). */
  publicUrl(): string;
  /**
   * Decided verifications of one environment in keyset order (`decided_at`, then `verification_id`), strictly
   * after `after` (from the start when null); up to `limit` (default 1000, at most 50 000). For bulk readers.
   */
  decisions(options: {
    livemode: boolean;
    after?: DecisionCursor | null;
    limit?: number;
  }): Promise<DecidedVerification[]>;
  /** How many decided verifications `decisions` would return after `after`, all pages together. */
  countDecisions(options: { livemode: boolean; after?: DecisionCursor | null }): Promise<number>;
}

/** A position in the decisions' keyset order. */
export interface DecisionCursor {
  /** RFC 3339 with milliseconds. */
  decided_at: string;
  verification_id: string;
}

export interface DecidedVerification {
  decision: Decision;
  package: Verification['package'];
  /** RFC 3339 with milliseconds. */
  created_at: string;
  /** RFC 3339 with milliseconds: the keyset position with `decision.verification_id`. */
  decided_at: string;
  /** Each check's verdict, in check order (findings left out). */
  checks: { type: string; status: string; outcome: string | null }[];
}

export interface StoredRecord<T = unknown> {
  key: string;
  value: T;
  createdAt: number;
  updatedAt: number;
}

export interface PluginStorage {
  put(collection: string, key: string, value: unknown): Promise<void>;
  get<T = unknown>(collection: string, key: string): Promise<StoredRecord<T> | undefined>;
  delete(collection: string, key: string): Promise<void>;
  /** Newest first (by first write); `prefix` narrows by key. */
  list<T = unknown>(collection: string, options?: { prefix?: string; limit?: number }): Promise<StoredRecord<T>[]>;
}

/** Keeps `setup`'s config typed by the schema. */
export function definePlugin<S extends z.ZodType>(definition: PluginDefinition<S>): PluginDefinition<S> {
  return definition;
}

/** Keeps a route's handler typed by its body and query schemas. */
export function definePluginRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
  route: PluginRoute<B, Q>,
): PluginRoute {
  return route as unknown as PluginRoute;
}

/**
 * An error that no retry can fix (a field that does not exist, a deleted record): the event goes straight to
 * the dead letters with this message. Any error with `retryable: false` counts, whatever its class.
 */
export class PermanentError extends Error {
  readonly retryable = false;
  override name = 'PermanentError';
}

export function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}
