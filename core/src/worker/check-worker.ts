import type { Clock } from '../domain/clock.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { BackgroundLoop } from './background-loop.js';

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
  private readonly inFlight = new Set<string>();
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly store: Store,
    private readonly verifications: Verifications,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: CheckWorkerOptions,
  ) {
    // Work waiting: go on at once; nothing due: sleep until notified or the next poll.
    const pass = async () => ((await this.tick()) > 0 ? 0 : this.options.pollMs);
    this.loop = new BackgroundLoop('check-worker', logger, pass, BATCH_WINDOW_MS, options.pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Something new is due: look now instead of at the next poll. */
  notify(): void {
    this.loop.notify();
  }

  /** Finishes the verifications in hand, then stops. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async tick(): Promise<number> {
    // Only as many as it works on now: on PostgreSQL, taking a verification leases it to this process.
    const due = (await this.store.verifications.due(this.clock.now(), this.options.concurrency)).filter(
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
      const ready = steps.filter((s) => s !== undefined);
      try {
        await this.verifications.apply(ready); // one commit for the whole batch
      } catch (error) {
        // One bad step must not hold the others back: apply them one by one.
        this.logger.error({ err: error }, 'batch commit failed; applying its steps one by one');
        for (const step of ready) {
          await this.verifications.apply([step]).catch((e) => {
            this.logger.error({ err: e, verification_id: step.id }, 'verification step failed');
          });
        }
      }
    } finally {
      for (const v of batch) this.inFlight.delete(v.id);
    }
    return batch.length;
  }
}
