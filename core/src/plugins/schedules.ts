import { schedule, validate } from 'node-cron';
import type { Logger } from '../observability/logger.js';
import type { JobLocks } from '../store/locks.js';
import type { PluginSchedule } from './definition.js';
import { PluginLoadError } from './load.js';

export interface ScheduleState {
  name: string;
  cron: string;
  timezone: string;
  running: boolean;
  lastRunAt: number | null;
  lastError: string | null;
}

/**
 * A plugin's cron job: never two runs at once, in this process nor (through `locks`) across the hub processes
 * sharing a database: the process that finds it running elsewhere skips that turn. Failures are logged and
 * kept for `GET /v1/plugins`.
 */
export class PluginJob {
  readonly state: ScheduleState;
  private task: ReturnType<typeof schedule> | undefined;
  private current: Promise<void> | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly plugin: string,
    private readonly job: PluginSchedule,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly locks?: JobLocks,
  ) {
    if (!validate(job.cron))
      throw new PluginLoadError(plugin, `schedule '${job.name}' has an invalid cron expression '${job.cron}'`);
    this.state = {
      name: job.name,
      cron: job.cron,
      timezone: job.timezone ?? 'UTC',
      running: false,
      lastRunAt: null,
      lastError: null,
    };
  }

  start(): void {
    this.task = schedule(this.job.cron, () => this.run(), {
      name: `${this.plugin}:${this.job.name}`,
      timezone: this.state.timezone,
      noOverlap: true,
    });
  }

  /** Runs the job now (or joins the run in progress); skipped while another process runs it. */
  run(): Promise<void> {
    this.current ??= (async () => {
      this.state.running = true;
      try {
        const work = async () => {
          this.state.lastRunAt = this.now();
          await this.job.run(this.controller.signal);
        };
        if (!this.locks) await work();
        else if (!(await this.locks.tryRun(`plugin:${this.plugin}:${this.job.name}`, work)).ran)
          this.logger.info(
            { plugin: this.plugin, schedule: this.job.name },
            'schedule skipped: running in another process',
          );
        this.state.lastError = null;
      } catch (error) {
        this.state.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error({ plugin: this.plugin, schedule: this.job.name, err: error }, 'plugin schedule failed');
      } finally {
        this.state.running = false;
        this.current = undefined;
      }
    })();
    return this.current;
  }

  async stop(): Promise<void> {
    void this.task?.destroy();
    this.controller.abort(new Error('the hub is shutting down'));
    await this.current;
  }
}
