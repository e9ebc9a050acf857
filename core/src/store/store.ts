import type { BulkRegistryStore } from '../checks/registry/bulk.js';
import type { SanctionsStore } from '../sanctions/store.js';
import type { ConsoleStore } from './console-store.js';
import type { DocumentStore } from './document-store.js';
import type { JobLocks } from './locks.js';
import type { PluginStore } from './plugin-store.js';
import type {
  ApiKeyRecord,
  AuditEntry,
  CheckRecord,
  EventRecord,
  IdempotencyClaim,
  IdempotencyCompletion,
  IdempotencyRequest,
  NewEvent,
  VerificationFilter,
  VerificationRecord,
} from './records.js';
import type { ReportStore } from './report-store.js';
import type { DocumentContentStore, SettingsStore } from './settings-store.js';
import type { UserStore } from './user-store.js';
import type { WebhookStore } from './webhook-store.js';

/**
 * Everything the domain asks of storage. Each method is one atomic unit: a state change and the
 * events it causes commit together or not at all. Methods are async so that a networked backend
 * (PostgreSQL) can implement the same interface; the SQLite backend answers synchronously inside.
 */
export interface Store {
  readonly keys: KeyStore;
  readonly verifications: VerificationStore;
  readonly idempotency: IdempotencyStore;
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
  readonly registry: BulkRegistryStore;
  readonly sanctions: SanctionsStore;
  readonly documents: DocumentStore;
  readonly users: UserStore;
  readonly reports: ReportStore;
  readonly plugins: PluginStore;
  /** Console sessions and dashboard counts (issue #9). */
  readonly console: ConsoleStore;
  /** Locks that keep a scheduled job to one run at a time across every process on this database. */
  readonly locks: JobLocks;
  readonly settings: SettingsStore;
  /** Document content kept in the database (PostgreSQL); absent: files in the data dir (SQLite). */
  readonly documentContent?: DocumentContentStore;
  /** Cheap liveness probe of the database. */
  ping(): Promise<void>;
  /** A consistent copy of the whole database to `file`, taken while the hub runs. */
  backup(file: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  close(): Promise<void>;
}

export interface KeyStore {
  insert(key: ApiKeyRecord): Promise<void>;
  findByHash(secretHash: string): Promise<ApiKeyRecord | undefined>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  count(): Promise<number>;
  /** Inserts the successor and sets the old key's expiry in one transaction. */
  rotate(oldId: string, expiresAt: number, successor: ApiKeyRecord): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
  touch(id: string, at: number): Promise<void>;
}

export interface CreateVerification {
  verification: VerificationRecord;
  checks: CheckRecord[];
  events: NewEvent[];
  /** Completes the order's Idempotency-Key in the same transaction, so a crash cannot order twice. */
  idempotency?: IdempotencyCompletion;
}

/** The outcome of an order: created, or refused by its Idempotency-Key claim (nothing written). */
export type CreateOutcome =
  | { kind: 'created'; record: VerificationRecord }
  | Exclude<IdempotencyClaim, { kind: 'acquired' }>;

export interface Transition {
  id: string;
  /** Compare-and-set: the change applies only while the status is one of these. */
  from: VerificationRecord['status'][];
  /** Compare-and-set on the record's version too: the change applies only if nothing else changed it. */
  ifVersion?: number;
  patch: Partial<Omit<VerificationRecord, 'id' | 'livemode' | 'createdAt'>>;
  events: NewEvent[];
  /** Check rows written in the same transaction. */
  checks?: CheckRecord[];
  /** Review audit entries written in the same transaction. */
  audit?: AuditEntry[];
}

export interface VerificationStore {
  /**
   * Allocates the next sequence number of `year` (for the `KBS-VR-YYYY-NNNNNN` id) and inserts. With `claim`,
   * the Idempotency-Key is claimed, the order written and the key completed in one transaction.
   */
  create(
    input: (sequence: number) => CreateVerification,
    year: number,
    claim?: IdempotencyRequest,
  ): Promise<CreateOutcome>;
  get(livemode: boolean, id: string): Promise<VerificationRecord | undefined>;
  /** Newest first; `startingAfter` unknown → undefined. */
  list(filter: VerificationFilter): Promise<{ data: VerificationRecord[]; hasMore: boolean } | undefined>;
  checks(id: string): Promise<CheckRecord[]>;
  checksFor(ids: string[]): Promise<Map<string, CheckRecord[]>>;
  saveCheck(check: CheckRecord): Promise<void>;
  /** Applies the transition when the status still matches; returns the updated record or undefined. */
  transition(t: Transition): Promise<VerificationRecord | undefined>;
  /** Several transitions in one transaction (the worker's batch); each applies only where its status matches. */
  transitionAll(ts: Transition[]): Promise<(VerificationRecord | undefined)[]>;
  /**
   * In-progress verifications whose worker time has come, oldest first. On PostgreSQL they are leased to the
   * caller (work_after moved past a lease), so several hub processes never check one verification at once.
   */
  due(now: number, limit: number): Promise<VerificationRecord[]>;
  /** Completed verifications of an environment decided since `since`, for observed turnaround. */
  decidedSince(
    livemode: boolean,
    since: number,
  ): Promise<{ countryCode: string; createdAt: number; decidedAt: number }[]>;
  count(livemode: boolean): Promise<number>;
  /**
   * Completed verifications of an environment in keyset order (decided_at, id), strictly after `after`; the
   * columns a bulk export needs, with each check's verdict. Uses the `verifications_decided` index.
   */
  decided(livemode: boolean, after: DecidedCursor | null, limit: number): Promise<DecidedRow[]>;
  countDecided(livemode: boolean, after: DecidedCursor | null): Promise<number>;
  /** The verification's current version (undefined when unknown in this environment). */
  versionOf(livemode: boolean, id: string): Promise<number | undefined>;
  /** Verifications waiting for an analyst, oldest due first. */
  inReview(
    livemode: boolean,
    claimed: boolean | undefined,
    limit: number,
    analyst?: string,
  ): Promise<VerificationRecord[]>;
  /** In-review verifications past their due time and not yet escalated. */
  overdueReviews(now: number): Promise<VerificationRecord[]>;
  /** Reviews no analyst holds, most urgent first (both environments). */
  unassignedReviews(limit: number): Promise<VerificationRecord[]>;
  auditOf(ids: string[]): Promise<Map<string, AuditEntry[]>>;
}

/** A position in the decided order: decided_at (ms), then id. */
export interface DecidedCursor {
  decidedAt: number;
  id: string;
}

export interface DecidedRow {
  id: string;
  package: VerificationRecord['package'];
  createdAt: number;
  decidedAt: number;
  /** The decision as stored (JSON text). */
  decision: string;
  checks: { type: string; status: string; outcome: string | null }[];
}

export interface IdempotencyStore {
  claim(req: IdempotencyRequest): Promise<IdempotencyClaim>;
  /** What `claim` would answer, without taking the key (a replay is answered before any validation). */
  peek(req: IdempotencyRequest): Promise<IdempotencyClaim>;
  complete(done: IdempotencyCompletion): Promise<void>;
  release(env: IdempotencyCompletion['env'], key: string): Promise<void>;
  purge(before: number): Promise<number>;
}

export interface EventStore {
  after(seq: number, limit: number): Promise<EventRecord[]>;
  forVerification(verificationId: string): Promise<EventRecord[]>;
}

export type { CheckRecord, EventRecord, VerificationRecord };
