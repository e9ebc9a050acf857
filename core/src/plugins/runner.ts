import type { Clock } from '../domain/clock.js';
import type { Logger } from '../observability/logger.js';
import type { ClaimedPluginEvent, PluginFailure, PluginStore } from '../store/plugin-store.js';
import { BackgroundLoop } from '../worker/background-loop.js';
import { breathe } from '../worker/breathe.js';
import { settleWithin } from '../worker/settle.js';
import { isPermanent, type PluginEvent, type PluginHooks } from './definition.js';
import { toPluginEvent } from './events.js';
import { nextAttemptAt } from './retry.js';

export interface RunnerOptions {
  /** Seconds between attempts at a failing event; past the last, a dead letter. */
  retrySchedule: readonly number[];
  timeoutMs: number;
  concurrency: number;
  /** Events handed over per second at most (0: no limit). */
  maxEventsPerSecond?: number;
  /** How often the runner looks for due retries when nothing woke it. */
  pollMs: number;
}

const FAN_OUT_BATCH = 100;
const DEFAULT_BATCH = 100;
/** Wake-ups closer together than this share one pass, so a burst of events makes full batches. */
const COALESCE_MS = 10;
const MAX_ERROR_LENGTH = 1_000;

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH) || 'failed without a message';

/**
 * Hands the event log to one plugin from its own durable cursor. Its own background loop, its own slots and a
 * timeout on every attempt: a plugin that throws, hangs or crawls only ever delays itself.
 */
export class PluginRunner {
  private readonly loop: BackgroundLoop;
  private inFlight = 0;
  /** No claim before this time (ms): the pace set by `maxEventsPerSecond`. */
  private nextClaimAt = 0;
  private readonly tasks = new Set<Promise<void>>();

  constructor(
    readonly name: string,
    private readonly hooks: PluginHooks,
    private readonly types: readonly string[] | null,
    private readonly store: PluginStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: RunnerOptions,
  ) {
    this.loop = new BackgroundLoop(`plugin:${name}`, logger, () => this.pass(), COALESCE_MS, options.pollMs);
  }

  /** Whether the plugin takes events at all (a routes-only plugin does not). */
  get consumes(): boolean {
    return this.hooks.onEvent !== undefined || this.hooks.onEvents !== undefined;
  }

  start(): void {
    if (this.consumes) this.loop.start();
  }

  notify(): void {
    this.loop.notify();
  }

  /** Stops taking events and gives attempts in flight `graceMs`; unfinished ones are handed over again later. */
  async stop(graceMs = 3_000): Promise<void> {
    await this.loop.stop();
    await settleWithin(this.tasks, graceMs);
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    // A backlog is queued a batch at a time, letting API requests in between.
    while ((await this.store.fanOut(this.name, this.types, now, FAN_OUT_BATCH)) === FAN_OUT_BATCH) await breathe();
    await breathe();
    // Held back by the pace: come back as soon as it allows (nothing else would wake the loop for that).
    if ((await this.launchDue()) === 'paced') return Math.max(1, this.nextClaimAt - Date.now());
    const next = await this.store.nextDue(this.name);
    const later = this.clock.now();
    // Due work beyond the free slots is picked up when an attempt ends (it notifies).
    return next === null || next <= later ? this.options.pollMs : Math.min(this.options.pollMs, next - later);
  }

  /** Claims and launches what the free slots and the pace allow; `paced` when the pace held a claim back. */
  private async launchDue(): Promise<'paced' | 'done'> {
    const free = this.options.concurrency - this.inFlight;
    if (free <= 0) return 'done';
    const batchSize = this.hooks.onEvents ? Math.max(1, this.hooks.batchSize ?? DEFAULT_BATCH) : 1;
    const now = this.clock.now();
    const lockUntil = now + this.options.timeoutMs + 5_000;
    // One batch per claim, with the loop let go in between: claiming is a write transaction over many rows.
    const rate = this.options.maxEventsPerSecond ?? 0;
    for (let slot = 0; slot < free; slot++) {
      // The pace is wall-clock time (not the hub's clock, which tests move).
      if (rate > 0 && Date.now() < this.nextClaimAt) return 'paced';
      const claimed = await this.store.claim(this.name, now, lockUntil, batchSize);
      if (claimed.length === 0) return 'done';
      if (rate > 0) this.nextClaimAt = Date.now() + (1000 * claimed.length) / rate;
      this.launch(claimed);
      if (claimed.length < batchSize) return 'done';
      await breathe();
    }
    return 'done';
  }

  private launch(batch: ClaimedPluginEvent[]): void {
    this.inFlight++;
    const task = this.attempt(batch)
      .catch((error) => this.logger.error({ err: error, plugin: this.name }, 'plugin attempt bookkeeping failed'))
      .finally(() => {
        this.inFlight--;
        this.tasks.delete(task);
        this.notify();
      });
    this.tasks.add(task);
  }

  private async attempt(batch: ClaimedPluginEvent[]): Promise<void> {
    // A replay queues every type; those the plugin did not ask for count as handled without a call.
    const events = batch.map(toPluginEvent).filter((e) => this.types === null || this.types.includes(e.type));
    // A failure is timed from when the attempt began on the hub's clock plus how long it ran: the hub's clock
    // read afterwards may have jumped meanwhile (a test moving it), which would put the retry that far later.
    const startedAt = this.clock.now();
    const started = performance.now();
    const failed = new Map<string, unknown>();
    try {
      const failures = events.length === 0 ? undefined : await this.withTimeout((s) => this.deliver(events, s));
      for (const f of failures ?? []) failed.set(f.eventId, f.error);
    } catch (error) {
      for (const e of events) failed.set(e.id, error);
    }
    const failedAt = startedAt + Math.round(performance.now() - started);
    const now = this.clock.now();
    const ok: number[] = [];
    const failures: PluginFailure[] = [];
    for (const { delivery } of batch) {
      if (!failed.has(delivery.eventId)) {
        ok.push(delivery.eventSeq);
        continue;
      }
      const error = failed.get(delivery.eventId);
      const attempts = delivery.attempts + 1;
      const next = isPermanent(error) ? null : nextAttemptAt(this.options.retrySchedule, attempts, failedAt);
      failures.push({ eventSeq: delivery.eventSeq, attempts, nextAttemptAt: next, error: messageOf(error) });
      const fields = { plugin: this.name, event_id: delivery.eventId, attempts, err: messageOf(error) };
      if (next === null) this.logger.warn(fields, 'plugin event dead-lettered');
      else this.logger.info(fields, 'plugin event failed; will retry');
    }
    await this.store.succeed(this.name, ok, now);
    if (failures.length > 0) await this.store.fail(this.name, failures, now);
  }

  private deliver(events: PluginEvent[], signal: AbortSignal) {
    const { onEvents, onEvent } = this.hooks;
    if (onEvents) return onEvents.call(this.hooks, events, signal);
    const [event] = events;
    return event && onEvent
      ? onEvent.call(this.hooks, event, signal).then(() => undefined)
      : Promise.resolve(undefined);
  }

  /** Runs `work`, failing it (and aborting its signal) when it takes longer than the plugin's timeout. */
  private withTimeout<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const ms = this.options.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`timed out after ${ms / 1000} s`);
        controller.abort(error);
        reject(error);
      }, ms);
    });
    let running: Promise<T>;
    try {
      running = work(controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
  }
}
