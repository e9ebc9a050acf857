import type { Clock } from '../domain/clock.js';
import type { Logger } from '../observability/logger.js';
import type { ClaimedPluginEvent, PluginFailure, PluginStore } from '../store/plugin-store.js';
import { BackgroundLoop } from '../worker/background-loop.js';
import { breathe } from '../worker/breathe.js';
import { settleWithin } from '../worker/settle.js';
import { isPermanent, type PluginEvent, type PluginHooks } from './definition.js';
import { toPluginEvent } from './events.js';
import { nextAttemptAt } from './retry.js';
import { withTimeout } from './timeout.js';

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

/** Log events read per fan-out transaction: the log is queued a little ahead of the claims, never all at once. */
const FAN_OUT_CHUNK = 32;
/** Deliveries claimed per transaction; a batch is claimed in several, with the event loop let go in between. */
const CLAIM_CHUNK = 25;
/** Deliveries marked handled (or failed) per transaction. */
const COMPLETE_CHUNK = 50;
const DEFAULT_BATCH = 100;
/** An attempt's lease on its events outlasts its timeout by this much. */
const LEASE_MARGIN_MS = 5_000;
/** Wake-ups closer together than this share one pass, so a burst of events makes full batches. */
const COALESCE_MS = 10;
const MAX_ERROR_LENGTH = 1_000;
const UNFINISHED = 'the attempt never finished: the hub process or its plugin thread stopped during it';

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
  /** Event seqs of the attempts in flight. */
  private readonly running = new Set<number>();

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
    // Held back by the pace: come back as soon as it allows (nothing else would wake the loop for that).
    if ((await this.launchDue()) === 'paced') return Math.max(1, this.nextClaimAt - Date.now());
    const next = await this.store.nextDue(this.name);
    const later = this.clock.now();
    // Due work beyond the free slots is picked up when an attempt ends (it notifies).
    return next === null || next <= later ? this.options.pollMs : Math.min(this.options.pollMs, next - later);
  }

  /**
   * Claims and launches what the free slots and the pace allow: `paced` when the pace held a claim back, `idle`
   * when there was nothing to launch, else `launched`.
   */
  private async launchDue(): Promise<'paced' | 'launched' | 'idle'> {
    const free = this.options.concurrency - this.inFlight;
    const batchSize = this.hooks.onEvents ? Math.max(1, this.hooks.batchSize ?? DEFAULT_BATCH) : 1;
    const rate = this.options.maxEventsPerSecond ?? 0;
    let launched: 'launched' | 'idle' = 'idle';
    for (let slot = 0; slot < free; slot++) {
      // The pace is wall-clock time (not the hub's clock, which tests move).
      if (rate > 0 && Date.now() < this.nextClaimAt) return 'paced';
      const batch = await this.claimBatch(batchSize);
      if (batch.length === 0) break;
      if (rate > 0) this.nextClaimAt = Date.now() + (1000 * batch.length) / rate;
      this.launch(batch);
      launched = 'launched';
      if (batch.length < batchSize) break;
      await breathe();
    }
    return launched;
  }

  /**
   * Claims up to `size` due events, a few per transaction, and queues more of the log only when the queue runs
   * short. Every step is short and the event loop serves requests in between: a claim's cost grows with the
   * queue, so a backlog is left in the log rather than queued all at once.
   */
  private async claimBatch(size: number): Promise<ClaimedPluginEvent[]> {
    const batch: ClaimedPluginEvent[] = [];
    for (;;) {
      const now = this.clock.now();
      const want = Math.min(CLAIM_CHUNK, size - batch.length);
      const claimed = await this.store.claim(this.name, now, now + this.options.timeoutMs + LEASE_MARGIN_MS, want);
      // An event whose lease ran out on the hub's clock while its attempt still runs here is not handed over
      // a second time alongside it; that attempt settles it.
      const abandoned: ClaimedPluginEvent[] = [];
      for (const c of claimed) {
        if (this.running.has(c.delivery.eventSeq)) continue;
        if (c.abandoned) abandoned.push(c);
        else batch.push(c);
      }
      // An attempt that never settled counts as a failed one (else an event that kills its thread or process
      // each time would be handed over for ever): retried on the schedule, or dead-lettered after the last.
      if (abandoned.length > 0) await this.abandon(abandoned, now);
      if (batch.length >= size) return batch;
      if (claimed.length < want && (await this.store.fanOut(this.name, this.types, now, FAN_OUT_CHUNK)) === 0)
        return batch;
      await breathe();
    }
  }

  private async abandon(claimed: ClaimedPluginEvent[], now: number): Promise<void> {
    const failures = claimed.map(({ delivery }) => {
      const attempts = delivery.attempts + 1;
      const next = nextAttemptAt(this.options.retrySchedule, attempts, now);
      const fields = { event_id: delivery.eventId, attempts };
      this.logger.warn(
        fields,
        next === null ? 'unfinished plugin attempt; dead-lettered' : 'unfinished plugin attempt',
      );
      return { eventSeq: delivery.eventSeq, attempts, nextAttemptAt: next, error: UNFINISHED };
    });
    await this.store.fail(this.name, failures, now);
  }

  private launch(batch: ClaimedPluginEvent[]): void {
    this.inFlight++;
    const seqs = batch.map((c) => c.delivery.eventSeq);
    for (const seq of seqs) this.running.add(seq);
    const task = this.attempt(batch)
      .catch((error) => this.logger.error({ err: error }, 'plugin attempt bookkeeping failed'))
      .finally(() => {
        this.inFlight--;
        for (const seq of seqs) this.running.delete(seq);
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
      const failures =
        events.length === 0 ? undefined : await withTimeout(this.options.timeoutMs, (s) => this.deliver(events, s));
      for (const f of failures ?? []) failed.set(f.eventId, f.error);
    } catch (error) {
      for (const e of events) failed.set(e.id, error);
    }
    const failedAt = startedAt + Math.round(performance.now() - started);
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
      const fields = { event_id: delivery.eventId, attempts, err: messageOf(error) };
      if (next === null) this.logger.warn(fields, 'plugin event dead-lettered');
      else this.logger.info(fields, 'plugin event failed; will retry');
    }
    await this.settle(ok, failures);
  }

  /** Records the attempt's outcome a few deliveries per transaction, letting the event loop go in between. */
  private async settle(ok: number[], failures: PluginFailure[]): Promise<void> {
    for (let i = 0; i < ok.length; i += COMPLETE_CHUNK) {
      if (i > 0) await breathe();
      await this.store.succeed(this.name, ok.slice(i, i + COMPLETE_CHUNK), this.clock.now());
    }
    for (let i = 0; i < failures.length; i += COMPLETE_CHUNK) {
      if (i > 0 || ok.length > 0) await breathe();
      await this.store.fail(this.name, failures.slice(i, i + COMPLETE_CHUNK), this.clock.now());
    }
  }

  private deliver(events: PluginEvent[], signal: AbortSignal) {
    const { onEvents, onEvent } = this.hooks;
    if (onEvents) return onEvents.call(this.hooks, events, signal);
    const [event] = events;
    return event && onEvent
      ? onEvent.call(this.hooks, event, signal).then(() => undefined)
      : Promise.resolve(undefined);
  }
}
