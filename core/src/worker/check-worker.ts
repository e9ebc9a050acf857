import type { Clock } from '../domain/clock.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

const BATCH_WINDOW_MS = 5;

export interface CheckWorkerOptions {
  pollMs: number;
  /** Verifications worked on at the same time. */
  concurrency: number;
}

/**
 * Runs the checks of in-progress verifications. Its work list is the database (`work_after`), so what
 * was pending when the hub stopped or crashed is picked up again at the next start.
 */
export class CheckWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pendingWake = false;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly verifications: Verifications,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: CheckWorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something new is due: look now instead of at the next poll. */
  notify(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /** Finishes the verifications in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Let a burst of orders gather so that one pass (and one commit) serves many.
      await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS));
      let worked = 0;
      try {
        worked = await this.tick();
      } catch (error) {
        this.logger.error({ err: error }, 'check worker tick failed');
      }
      if (worked === 0 && this.running) await this.idle();
    }
  }

  private async tick(): Promise<number> {
    this.pendingWake = false;
    const due = (await this.store.verifications.due(this.clock.now(), this.options.concurrency * 2)).filter(
      (v) => !this.inFlight.has(v.id),
    );
    const batch = due.slice(0, this.options.concurrency);
    for (const v of batch) this.inFlight.add(v.id);
    try {
      const steps = await Promise.all(
        batch.map((v) =>
          this.verifications.nextStep(v).catch((error) => {
            this.logger.error({ err: error, verification_id: v.id }, 'verification progress failed');
            return undefined;
          }),
        ),
      );
      // One commit for the whole batch.
      await this.verifications.apply(steps.filter((s) => s !== undefined));
    } finally {
      for (const v of batch) this.inFlight.delete(v.id);
    }
    return batch.length;
  }

  private idle(): Promise<void> {
    if (this.pendingWake) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
