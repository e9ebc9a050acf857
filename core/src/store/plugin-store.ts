import type { EventRecord } from './records.js';

/** One event queued for one plugin: pending (maybe retrying) or dead (out of retries, kept until replayed). */
export interface PluginDeliveryRecord {
  plugin: string;
  eventSeq: number;
  eventId: string;
  eventType: EventRecord['type'];
  livemode: boolean;
  /** The verification id, else the event id: deliveries sharing it are handed over in log order. */
  orderKey: string;
  status: 'pending' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lockedUntil: number | null;
  lastError: string | null;
  queuedAt: number;
  updatedAt: number;
}

export interface ClaimedPluginEvent {
  delivery: PluginDeliveryRecord;
  event: EventRecord;
  /**
   * An earlier claim's lease ran out without its attempt settling: the process or plugin thread stopped during
   * it (a settled attempt clears the lease).
   */
  abandoned: boolean;
}

/** How a failed attempt ends: retried at `nextAttemptAt`, or dead-lettered (`nextAttemptAt: null`). */
export interface PluginFailure {
  eventSeq: number;
  attempts: number;
  nextAttemptAt: number | null;
  error: string;
}

export interface PluginQueueStats {
  /** The plugin's cursor: the last event seq it has taken from the log. */
  cursor: number;
  /** The newest event seq in the log. */
  head: number;
  delivered: number;
  pending: number;
  /** Pending deliveries that failed at least once. */
  retrying: number;
  dead: number;
  oldestPendingAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** The newest dead letters, as many as asked for; read with the counters, so the two agree. */
  recentDead: PluginDeliveryRecord[];
}

export interface PluginRecord {
  key: string;
  value: unknown;
  createdAt: number;
  updatedAt: number;
}

/** Storage of the plugin host: one cursor and one delivery queue per plugin, and per-plugin records. */
export interface PluginStore {
  /** Every plugin that has a cursor (has ever run on this database). */
  names(): Promise<string[]>;
  /**
   * Reads up to `limit` events past the plugin's cursor, queues those whose type is in `types` (all when null),
   * and moves the cursor, in one transaction. Returns how many events it read.
   */
  fanOut(plugin: string, types: readonly string[] | null, now: number, limit: number): Promise<number>;
  /**
   * Locks up to `limit` due deliveries until `lockUntil`, oldest first, at most one per order key and only the
   * earliest pending one of each (so a verification's events are handed over in order, one at a time).
   */
  claim(plugin: string, now: number, lockUntil: number, limit: number): Promise<ClaimedPluginEvent[]>;
  /** Handled: the deliveries are deleted and the plugin's counters move on. */
  succeed(plugin: string, eventSeqs: number[], now: number): Promise<void>;
  fail(plugin: string, failures: PluginFailure[], now: number): Promise<void>;
  /** The earliest time a pending delivery is due, or null. */
  nextDue(plugin: string): Promise<number | null>;
  /**
   * The plugin's counters (one environment's, or both) and its newest `deadLetters` dead letters (none unless
   * asked), all read from one snapshot of the database.
   */
  stats(plugin: string, options?: { livemode?: boolean; deadLetters?: number }): Promise<PluginQueueStats>;
  /** Dead letters (all, or those of `eventIds`) become pending again with a fresh retry budget. */
  replayDead(plugin: string, now: number, eventIds?: string[]): Promise<number>;
  /** Queues again every event from `fromSeq` up to the cursor whose type is in `types` (all when null). */
  replayFrom(plugin: string, fromSeq: number, types: readonly string[] | null, now: number): Promise<number>;
  /** The first event seq at or after `at` (ms), for replays by time; null when there is none. */
  seqAt(at: number): Promise<number | null>;
  putRecord(plugin: string, collection: string, key: string, value: unknown, now: number): Promise<void>;
  getRecord(plugin: string, collection: string, key: string): Promise<PluginRecord | undefined>;
  deleteRecord(plugin: string, collection: string, key: string): Promise<void>;
  /** Newest first; `prefix` narrows by key. */
  listRecords(plugin: string, collection: string, options: { prefix?: string; limit: number }): Promise<PluginRecord[]>;
}
