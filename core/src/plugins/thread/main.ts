import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { PluginStatus } from '@keybs/contract';
import type { AnyRoute } from '../../api/route.js';
import type { Env } from '../../config/env.js';
import type { ConfigFile } from '../../config/file.js';
import { ApiError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { PluginStore } from '../../store/plugin-store.js';
import type { PluginCommand, PluginMetric } from '../definition.js';
import { type LoadedPlugin, PluginLoadError } from '../load.js';
import { pluginStatus } from '../status.js';
import type { FromThread, Requests, RequestType, ThreadError, ThreadInit, ToThread } from './protocol.js';
import { threadRoute } from './routes.js';

/** How long a stopping plugin thread may take (its attempts in flight get 3 s) before it is terminated. */
const STOP_TIMEOUT_MS = 15_000;
/** Restarts of a stopped plugin thread wait 1 s, then twice as long each time, up to this. */
const MAX_RESTART_DELAY_MS = 30_000;
/** A thread that ran this long before it stopped is restarted after the shortest delay again. */
const STABLE_MS = 60_000;

/**
 * The plugin thread's entry. From the built core it sits next to this file; from the TypeScript sources
 * (tests) the thread runs the build of the same sources (`npm test` builds first).
 */
function workerFile(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL('../../../dist/plugins/thread/worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built))) throw new Error('the plugin thread needs the built core: run npx tsc -b');
  return built;
}

/**
 * The node flags the thread starts with: the process's own (a profiler's, say), but never the `@keybs/source`
 * export condition of the tests, which would have the built thread import TypeScript sources.
 */
function threadFlags(flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as string;
    if ((flag === '--conditions' || flag === '-C') && flags[i + 1] === '@keybs/source') i++;
    else if (flag !== '--conditions=@keybs/source') kept.push(flag);
  }
  return kept;
}

function failure(error: ThreadError): Error {
  if (error.kind === 'load') return new PluginLoadError(error.plugin, error.reason);
  if (error.kind === 'api') return new ApiError(error.code, error.message, error.param, error.headers);
  return new Error(error.message);
}

/** One plugin thread and the requests waiting on it. */
interface Thread {
  worker: Worker;
  waiting: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
  exited: Promise<void>;
  startedAt: number;
}

/**
 * The main thread's side of the plugin thread (`keybs serve`): it serves the plugins' endpoints by handing each
 * request over, asks the thread for status, metrics and jobs, and tells it of new events. Everything else of
 * the plugins (their events, jobs, health, storage) happens in the thread, on its own connection to the store.
 *
 * A thread that stops (a plugin's uncaught error, its memory) is started again, after 1 s and then longer each
 * time: every cursor and delivery is in the store, and an attempt it left unfinished is handed over again when
 * its lease runs out. Meanwhile `GET /v1/plugins` shows its plugins `stopped` with the reason, and their
 * endpoints answer 503.
 */
export class ThreadPlugins {
  private thread: Thread | undefined;
  private next = 0;
  private served: { plugin: string; route: AnyRoute }[] = [];
  private config: { config: ConfigFile; configFile?: string } | undefined;
  private loaded: LoadedPlugin[] = [];
  private consumers = new Set<string>();
  /** Why the thread is not running (it stopped and a restart is due), if so. */
  private down: { reason: string; restartAt: number } | undefined;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private started = false;

  constructor(
    private readonly env: Env,
    private readonly pollMs: number,
    private readonly logger: Logger,
    private readonly publicUrl: () => string,
    /** A plugin ordered a verification: the hub's workers should look. */
    private readonly changed: () => void,
    /** The store, for the plugins' status while their thread is down. */
    private readonly store: PluginStore,
  ) {}

  /** Starts the thread with the plugins of `config` (already loaded and checked here as `loaded`). */
  async load(config: ConfigFile, loaded: LoadedPlugin[], configFile?: string): Promise<void> {
    if (config.plugins.length === 0) return;
    this.config = { config, ...(configFile !== undefined && { configFile }) };
    this.loaded = loaded;
    const { routes } = await this.boot();
    this.served = routes.map((d) => ({ plugin: d.plugin, route: threadRoute(d, (call) => this.ask('route', call)) }));
  }

  /** Starts a thread and loads the plugins in it; a thread that cannot load them is terminated. */
  private async boot() {
    const worker = new Worker(workerFile(), {
      workerData: { env: this.env, pollMs: this.pollMs } satisfies ThreadInit,
      name: 'keybs-plugins',
      execArgv: threadFlags(process.execArgv),
      // The process's environment, not a copy: a plugin may set a variable for a native library it loads.
      env: SHARE_ENV,
    });
    const thread: Thread = {
      worker,
      waiting: new Map(),
      exited: new Promise((resolve) => worker.once('exit', () => resolve())),
      startedAt: Date.now(),
    };
    let failure: Error | undefined;
    worker.on('message', (message: FromThread) => this.receive(thread, message));
    worker.on('error', (error) => {
      failure = error;
      this.logger.error({ err: error }, 'the plugin thread failed');
    });
    void thread.exited.then(() => this.exited(thread, failure));
    this.thread = thread;
    try {
      const reply = await this.ask('load', this.config ?? { config: { plugins: [] } });
      this.consumers = new Set(reply.consumers);
      return reply;
    } catch (error) {
      failure = error as Error;
      await worker.terminate();
      throw error;
    }
  }

  routes(): { plugin: string; route: AnyRoute }[] {
    return this.served;
  }

  start(): void {
    this.started = true;
    this.post({ type: 'start', publicUrl: this.publicUrl() });
  }

  /** Commands run from the CLI, which runs the plugins in-process; a serving hub offers none. */
  command(): PluginCommand | undefined {
    return undefined;
  }

  commands(): PluginCommand[] {
    return [];
  }

  /** The plugins' own metrics; none while their thread is down. */
  async metrics(): Promise<{ plugin: string; metric: PluginMetric }[]> {
    if (!this.thread) return [];
    return this.ask('metrics', {}).catch(() => []);
  }

  notify(): void {
    this.post({ type: 'notify' });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const thread = this.thread;
    if (!thread) return;
    await this.ask('stop', {}).catch((error) => this.logger.warn({ err: error }, 'the plugin thread did not stop'));
    const timer = setTimeout(() => void thread.worker.terminate(), STOP_TIMEOUT_MS);
    await thread.exited;
    clearTimeout(timer);
  }

  async runSchedule(plugin: string, job: string): Promise<void> {
    if (!this.config) throw new Error(`no schedule '${job}' in plugin ${plugin}`);
    await this.ask('runSchedule', { plugin, job });
  }

  async status(livemode: boolean): Promise<PluginStatus[]> {
    if (!this.config) return [];
    if (this.thread) return this.ask('status', { livemode });
    return this.statusWhileDown(livemode);
  }

  /** The plugins' counts from the store, `stopped`, with why and when their thread starts again. */
  private statusWhileDown(livemode: boolean): Promise<PluginStatus[]> {
    const down = this.down;
    const wait = down ? Math.max(0, Math.ceil((down.restartAt - Date.now()) / 1000)) : 0;
    const detail = `the plugin thread stopped (${down?.reason ?? 'unknown'}); restarting in ${wait} s`;
    return Promise.all(
      this.loaded.map((loaded) =>
        pluginStatus(
          this.store,
          {
            loaded,
            hooks: { health: () => ({ status: 'down', detail }) },
            consumes: this.consumers.has(loaded.definition.name),
            jobs: [],
            started: false,
          },
          livemode,
        ),
      ),
    );
  }

  private post(message: ToThread): void {
    this.thread?.worker.postMessage(message);
  }

  private ask<K extends RequestType>(type: K, args: Requests[K]['args']): Promise<Requests[K]['result']> {
    const thread = this.thread;
    if (!thread) {
      const message = `The plugins are restarting after their thread stopped (${this.down?.reason ?? 'unknown'}).`;
      return Promise.reject(new ApiError('service_unavailable', message, undefined, { 'Retry-After': '2' }));
    }
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      thread.worker.postMessage({ type, id, args } as ToThread);
    });
  }

  private receive(thread: Thread, message: FromThread): void {
    if (message.type === 'changed') {
      this.changed();
      return;
    }
    const waiter = thread.waiting.get(message.id);
    thread.waiting.delete(message.id);
    if (message.type === 'reply') waiter?.resolve(message.result);
    else waiter?.reject(failure(message.error));
  }

  /** A thread has ended: whatever waited on it fails; unless the hub is stopping, a new one starts. */
  private exited(thread: Thread, error: Error | undefined): void {
    const reason = error?.message ?? 'it exited';
    for (const { reject } of thread.waiting.values()) reject(new Error(`the plugin thread has stopped: ${reason}`));
    thread.waiting.clear();
    if (this.thread !== thread) return;
    this.thread = undefined;
    // Before the plugins were loaded the start itself fails (load rejects); when stopping, the end is wanted.
    if (this.stopping || !this.started) return;
    if (Date.now() - thread.startedAt >= STABLE_MS) this.restarts = 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** this.restarts++);
    this.down = { reason, restartAt: Date.now() + delay };
    this.logger.error({ reason, restart_in_ms: delay }, 'the plugin thread stopped; it will be started again');
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.boot();
      this.down = undefined;
      this.logger.info({ restarts: this.restarts }, 'the plugin thread started again');
      this.start();
    } catch (error) {
      // The new thread was terminated; its exit schedules the next try, with a longer delay.
      this.logger.error({ err: error }, 'the plugin thread could not start again');
    }
  }
}
