import type { PluginStatus } from '@keybs/contract';
import type { AnyRoute } from '../api/route.js';
import { ROUTES } from '../api/routes.js';
import type { ConfigFile } from '../config/file.js';
import type { Clock } from '../domain/clock.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { JobLocks } from '../store/locks.js';
import type { PluginStore } from '../store/plugin-store.js';
import type { PluginCommand, PluginHooks, PluginMetric, PluginRoute } from './definition.js';
import { pluginHub, pluginStorage } from './hub-api.js';
import { type Importer, type LoadedPlugin, loadPlugins, PluginLoadError } from './load.js';
import { checkRouteClashes, pluginRoute } from './routes.js';
import { PluginRunner } from './runner.js';
import { PluginJob } from './schedules.js';
import { pluginStatus } from './status.js';

interface RunningPlugin {
  loaded: LoadedPlugin;
  hooks: PluginHooks;
  runner: PluginRunner;
  jobs: PluginJob[];
  routes: { spec: PluginRoute; route: AnyRoute }[];
}

export interface LocalPluginsOptions {
  /** How often each plugin looks for due retries when nothing woke it (ms). */
  pollMs: number;
  importer?: Importer;
  /** Keeps each cron job to one run at a time across the hub processes on one database. */
  locks?: JobLocks;
  /** Called after a plugin ordered a verification (the hub's own wiring already hears of it in-process). */
  changed?: () => void;
}

/**
 * The plugins of one hub, in the calling thread: loaded from the config file, each with its own cursor, runner,
 * jobs and routes. A plugin that fails to load, to configure or to set up stops the start with a message naming
 * it. `keybs serve` runs this in the plugin thread (thread/worker.ts); CLI commands and tests run it in-process.
 */
export class LocalPlugins {
  private readonly plugins: RunningPlugin[] = [];
  private started = false;

  constructor(
    private readonly store: PluginStore,
    private readonly verifications: Verifications,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly publicUrl: () => string,
    private readonly options: LocalPluginsOptions,
  ) {}

  async load(config: ConfigFile, configFile?: string): Promise<void> {
    await this.setUpAll(await loadPlugins(config.plugins, { configFile, importer: this.options.importer }));
    checkRouteClashes(ROUTES, this.routes());
  }

  /** Sets up plugins already loaded and checked (the caller checks their routes against the others). */
  async setUpAll(loaded: LoadedPlugin[]): Promise<void> {
    for (const plugin of loaded) this.plugins.push(await this.setUp(plugin));
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
        hub: pluginHub(this.verifications, this.publicUrl, this.options.changed),
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
    const routes = (hooks.routes ?? []).map((spec) => ({ spec, route: pluginRoute(name, spec) }));
    return { loaded, hooks, runner, jobs, routes };
  }

  has(plugin: string): boolean {
    return this.plugins.some((p) => p.loaded.definition.name === plugin);
  }

  /** Every plugin endpoint, with the plugin that serves it. */
  routes(): { plugin: string; route: AnyRoute }[] {
    return this.plugins.flatMap((p) => p.routes.map(({ route }) => ({ plugin: p.loaded.definition.name, route })));
  }

  /** The names of the plugins that take events (a routes-only plugin does not). */
  consumers(): string[] {
    return this.plugins.filter((p) => p.runner.consumes).map((p) => p.loaded.definition.name);
  }

  /** Every plugin endpoint as the plugin defined it (the plugin thread serves these for the main thread). */
  pluginRoutes(): { plugin: string; spec: PluginRoute }[] {
    return this.plugins.flatMap((p) => p.routes.map(({ spec }) => ({ plugin: p.loaded.definition.name, spec })));
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
    return Promise.all(
      this.plugins.map((p) =>
        pluginStatus(this.store, { ...p, consumes: p.runner.consumes, started: this.started }, livemode),
      ),
    );
  }
}
