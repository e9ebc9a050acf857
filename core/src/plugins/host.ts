import type { PluginStatus } from '@keybs/contract';
import type { AnyRoute } from '../api/route.js';
import { ROUTES } from '../api/routes.js';
import type { Env } from '../config/env.js';
import type { ConfigFile } from '../config/file.js';
import type { Clock } from '../domain/clock.js';
import type { Verifications } from '../domain/verifications.js';
import type { Logger } from '../observability/logger.js';
import type { PluginStore } from '../store/plugin-store.js';
import type { PluginCommand, PluginMetric } from './definition.js';
import { loadPlugins } from './load.js';
import { LocalPlugins, type LocalPluginsOptions } from './local.js';
import { checkRouteClashes } from './routes.js';
import { ThreadPlugins } from './thread/main.js';

export interface PluginHostOptions extends Omit<LocalPluginsOptions, 'changed'> {
  /**
   * Runs the plugins in a worker thread of their own (`keybs serve`), which opens its own connection to the
   * store from `env` and uses the system clock; `changed` is told when a plugin ordered a verification. A plugin
   * whose definition says `thread: 'main'` stays in the calling thread. Without this option every plugin runs
   * in the calling thread (CLI commands, tests with their own clock and fixtures).
   */
  thread?: { env: Env; changed: () => void };
}

/**
 * The plugins of one hub: loaded from the config file at start, each with its own cursor, runner, jobs and
 * routes. A plugin that fails to load, to configure or to set up stops the start with a message naming it.
 * With `thread`, each plugin runs in the plugin thread unless its definition asks for the main thread.
 */
export class PluginHost {
  private readonly local: LocalPlugins;
  private readonly threaded: ThreadPlugins | undefined;
  /** Each plugin's place in the config file, for listing them in that order. */
  private order = new Map<string, number>();

  constructor(
    store: PluginStore,
    verifications: Verifications,
    clock: Clock,
    logger: Logger,
    publicUrl: () => string,
    private readonly options: PluginHostOptions,
  ) {
    const { thread, ...local } = options;
    this.local = new LocalPlugins(store, verifications, clock, logger, publicUrl, local);
    this.threaded = thread && new ThreadPlugins(thread.env, options.pollMs, logger, publicUrl, thread.changed, store);
  }

  async load(config: ConfigFile, configFile?: string): Promise<void> {
    if (!this.threaded) return this.local.load(config, configFile);
    // Every plugin is loaded and checked here first (the same errors, before any thread starts), then set up
    // where its definition asks.
    const loaded = await loadPlugins(config.plugins, { configFile, importer: this.options.importer });
    this.order = new Map(loaded.map((p, index) => [p.definition.name, index]));
    const inMain = loaded.map((p) => p.definition.thread === 'main');
    await this.local.setUpAll(loaded.filter((_, i) => inMain[i]));
    const plugins = config.plugins.filter((_, i) => !inMain[i]);
    await this.threaded.load(
      { ...config, plugins },
      loaded.filter((_, i) => !inMain[i]),
      configFile,
    );
    checkRouteClashes(ROUTES, this.routes());
  }

  /** Every plugin endpoint, with the plugin that serves it. */
  routes(): { plugin: string; route: AnyRoute }[] {
    return [...this.local.routes(), ...(this.threaded?.routes() ?? [])];
  }

  start(): void {
    this.local.start();
    this.threaded?.start();
  }

  /** The CLI command `name` of a loaded plugin, if one offers it (CLI commands run the plugins here). */
  command(name: string): PluginCommand | undefined {
    return this.local.command(name);
  }

  /** Every plugin command, for `keybs help`. */
  commands(): PluginCommand[] {
    return this.local.commands();
  }

  /** Each plugin's own `metrics()` values, asked on each scrape (a failing plugin is left out). */
  async metrics(): Promise<{ plugin: string; metric: PluginMetric }[]> {
    const [local, threaded] = await Promise.all([this.local.metrics(), this.threaded?.metrics() ?? []]);
    return [...local, ...threaded];
  }

  /** New events in the log: every plugin looks now. */
  notify(): void {
    this.local.notify();
    this.threaded?.notify();
  }

  async stop(): Promise<void> {
    await Promise.all([this.local.stop(), this.threaded?.stop()]);
  }

  /** Runs a plugin's scheduled job now (as its cron would), e.g. from a test or an operator's command. */
  runSchedule(plugin: string, job: string): Promise<void> {
    const here = this.local.has(plugin) || !this.threaded;
    return here ? this.local.runSchedule(plugin, job) : this.threaded.runSchedule(plugin, job);
  }

  /** Each plugin's state as `GET /v1/plugins` shows it, in config-file order. */
  async status(livemode: boolean): Promise<PluginStatus[]> {
    const [local, threaded] = await Promise.all([this.local.status(livemode), this.threaded?.status(livemode) ?? []]);
    const at = (p: PluginStatus) => this.order.get(p.name) ?? 0;
    return [...local, ...threaded].sort((a, b) => at(a) - at(b));
  }
}
