import type { Logger } from '../observability/logger.js';

/**
 * A loop run in the background of the hub: it calls `pass` again and again, sleeping between passes for as
 * long as the pass asks, and waking early when notified. Passes closer together than `coalesceMs` are
 * spaced out so that a burst of notifications is served by one pass (and one commit).
 */
export class BackgroundLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pendingWake = false;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    /** Does one round of work and returns how long to sleep before the next (0: go on at once). */
    private readonly pass: () => Promise<number>,
    private readonly coalesceMs: number,
    private readonly fallbackSleepMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something new to do: run a pass now instead of at the end of the sleep. */
  notify(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /** Lets the current pass finish, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let last = 0;
    while (this.running) {
      const since = Date.now() - last;
      if (since < this.coalesceMs) await new Promise((resolve) => setTimeout(resolve, this.coalesceMs - since));
      last = Date.now();
      this.pendingWake = false;
      let sleepMs = this.fallbackSleepMs;
      try {
        sleepMs = await this.pass();
      } catch (error) {
        this.logger.error({ err: error, loop: this.name }, 'background pass failed');
      }
      if (this.running && sleepMs > 0) await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
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
