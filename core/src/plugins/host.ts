import type { PluginStatus } from '@keybs/contract';
import type { AnyRoute } from '../api/route.js';
import { ROUTES } from '../api/routes.js';
import type { ConfigFile } from '../config/file.js';
import { type Clock, rfc3339 } from '../domain/clock.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { JobLocks } from '../store/locks.js';
import type { PluginStore } from '../store/plugin-store.js';
import type { PluginCommand, PluginHealth, PluginHooks, PluginMetric } from './definition.js';
import { pluginHub, pluginStorage } from './hub-api.js';
import { type Importer, type LoadedPlugin, loadPlugins, PluginLoadError } from './load.js';
import { checkRouteClashes, pluginRoute } from './routes.js';
import { PluginRunner } from './runner.js';
import { PluginJob } from './schedules.js';

const HEALTH_TIMEOUT_MS = 2_000;
const RECENT_DEAD_LETTERS = 20;

interface RunningPlugin {
  loaded: LoadedPlugin;
  hooks: PluginHooks;
  runner: PluginRunner;
  jobs: PluginJob[];
  routes: AnyRoute[];
}

export interface PluginHostOptions {
  /** How often each plugin looks for due retries when nothing woke it (ms). */
  pollMs: number;
  importer?: Importer;
  /** Keeps each cron job to one run at a time across the hub processes on one database. */
  locks?: JobLocks;
}

/**
 * The plugins of one hub: loaded from the config file at start, each with its own cursor, runner, jobs and
 * routes. A plugin that fails to load, to configure or to set up stops the start with a message naming it.
 */
export class PluginHost {
  private readonly plugins: RunningPlugin[] = [];
  private started = false;

  constructor(
    private readonly store: PluginStore,
    private readonly verifications: Verifications,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly publicUrl: () => string,
    private readonly options: PluginHostOptions,
  ) {}

  async load(config: ConfigFile, configFile?: string): Promise<void> {
    const loaded = await loadPlugins(config.plugins, {
      ...(configFile !== undefined && { configFile }),
      ...(this.options.importer && { importer: this.options.importer }),
    });
    for (const plugin of loaded) this.plugins.push(await this.setUp(plugin));
    checkRouteClashes(ROUTES, this.routes());
  }

  private async setUp(loaded: LoadedPlugin): Promise<RunningPlugin> {
    const { definition, entry } = loaded;
    const name = definition.name;
    const logger = this.logger.child({ plugin: name });
    const now = () => this.clock.now();
    let hooks: PluginHooks;
    try {
      hooks = await definition.setup({
        name,
        config: loaded.config,
        logger,
        hub: pluginHub(this.verifications, this.publicUrl),
        storage: pluginStorage(this.store, name, now),
        now,
      });
    } catch (error) {
      throw new PluginLoadError(name, `setup failed: ${(error as Error).message}`);
    }
    const runner = new PluginRunner(name, hooks, definition.events ?? null, this.store, this.clock, logger, {
      retrySchedule: entry.retrySchedule,
      timeoutMs: entry.timeoutSeconds * 1000,
      concurrency: entry.concurrency,
      maxEventsPerSecond: entry.maxEventsPerSecond,
      pollMs: this.options.pollMs,
    });
    const jobs = (hooks.schedules ?? []).map((job) => new PluginJob(name, job, logger, now, this.options.locks));
    const routes = (hooks.routes ?? []).map((route) => pluginRoute(name, route));
    return { loaded, hooks, runner, jobs, routes };
  }

  /** Every plugin endpoint, with the plugin that serves it. */
  routes(): { plugin: string; route: AnyRoute }[] {
    return this.plugins.flatMap((p) => p.routes.map((route) => ({ plugin: p.loaded.definition.name, route })));
  }

  start(): void {
    this.started = true;
    for (const p of this.plugins) {
      p.runner.start();
      for (const job of p.jobs) job.start();
      this.logger.info({ plugin: p.loaded.definition.name, version: p.loaded.definition.version }, 'plugin started');
      Promise.resolve()
        .then(() => p.hooks.start?.())
        .catch((error) => this.logger.error({ plugin: p.loaded.definition.name, err: error }, 'plugin start failed'));
    }
  }

  /** The CLI command `name` of a loaded plugin, if one offers it. */
  command(name: string): PluginCommand | undefined {
    for (const p of this.plugins) {
      const found = p.hooks.commands?.find((c) => c.name === name);
      if (found) return found;
    }
    return undefined;
  }

  /** Every plugin command, for `keybs help`. */
  commands(): PluginCommand[] {
    return this.plugins.flatMap((p) => p.hooks.commands ?? []);
  }

  /** Each plugin's own `metrics()` values, asked on each scrape (a failing plugin is left out). */
  async metrics(): Promise<{ plugin: string; metric: PluginMetric }[]> {
    const all = await Promise.all(
      this.plugins.map(async (p) => {
        const values = await Promise.resolve()
          .then(() => p.hooks.metrics?.() ?? [])
          .catch(() => []);
        return values.map((metric) => ({ plugin: p.loaded.definition.name, metric }));
      }),
    );
    return all.flat();
  }

  /** New events in the log: every plugin looks now. */
  notify(): void {
    for (const p of this.plugins) p.runner.notify();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(
      this.plugins.map(async (p) => {
        await Promise.all(p.jobs.map((job) => job.stop()));
        await p.runner.stop();
        await p.hooks.close?.().catch((error) => this.logger.warn({ err: error }, 'plugin close failed'));
      }),
    );
  }

  /** Runs a plugin's scheduled job now (as its cron would), e.g. from a test or an operator's command. */
  async runSchedule(plugin: string, job: string): Promise<void> {
    const found = this.plugins.find((p) => p.loaded.definition.name === plugin)?.jobs.find((j) => j.state.name === job);
    if (!found) throw new Error(`no schedule '${job}' in plugin ${plugin}`);
    await found.run();
  }

  /** Each plugin's state as `GET /v1/plugins` shows it; counts and dead letters of one environment. */
  async status(livemode: boolean): Promise<PluginStatus[]> {
    return Promise.all(this.plugins.map((p) => this.statusOf(p, livemode)));
  }

  private async statusOf(p: RunningPlugin, livemode: boolean): Promise<PluginStatus> {
    const { definition, entry } = p.loaded;
    const name = definition.name;
    const [stats, dead, health] = await Promise.all([
      this.store.stats(name, livemode),
      this.store.deadLetters(name, RECENT_DEAD_LETTERS, livemode),
      this.health(p.hooks),
    ]);
    const time = (ms: number | null) => (ms === null ? null : rfc3339(ms));
    const troubled = stats.dead > 0 || stats.retrying > 0 || (health !== null && health.status !== 'ok');
    return {
      object: 'plugin',
      name,
      package: entry.package,
      version: definition.version ?? null,
      state: !this.started ? 'stopped' : troubled ? 'degraded' : 'running',
      health: health && { status: health.status, detail: health.detail ?? null },
      events: p.runner.consumes
        ? [...(definition.events ?? ['verification.status_changed', 'verification.completed'])]
        : [],
      cursor: stats.cursor,
      head: stats.head,
      lag: p.runner.consumes ? stats.pending + Math.max(0, stats.head - stats.cursor) : 0,
      pending: stats.pending,
      retrying: stats.retrying,
      delivered: stats.delivered,
      dead_letters: stats.dead,
      oldest_pending_at: time(stats.oldestPendingAt),
      last_success_at: time(stats.lastSuccessAt),
      last_error: stats.lastError,
      last_error_at: time(stats.lastErrorAt),
      recent_dead_letters: dead.map((d) => ({
        event_id: d.eventId,
        event_type: d.eventType,
        verification_id: d.orderKey === d.eventId ? null : d.orderKey,
        attempts: d.attempts,
        error: d.lastError,
        failed_at: rfc3339(d.updatedAt),
      })),
      schedules: p.jobs.map(({ state }) => ({
        name: state.name,
        cron: state.cron,
        timezone: state.timezone,
        running: state.running,
        last_run_at: time(state.lastRunAt),
        last_error: state.lastError,
      })),
    };
  }

  /** The plugin's own health answer within 2 s; a throw or a timeout reads as `down`. */
  private async health(hooks: PluginHooks): Promise<PluginHealth | null> {
    if (!hooks.health) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<PluginHealth>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: 'health check timed out' }), HEALTH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => hooks.health?.() ?? { status: 'ok' as const }), timeout]);
    } catch (error) {
      return { status: 'down', detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
