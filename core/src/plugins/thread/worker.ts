// The plugin thread of `keybs serve`: the plugins' event handling, jobs, endpoints and health run here, with
// their own connection to the store, so their work (and their garbage) never holds the API's event loop.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import { validationError } from '../../api/middleware/errors.js';
import { systemClock } from '../../domain/clock.js';
import { ApiError } from '../../domain/errors.js';
import { createLogger } from '../../observability/logger.js';
import { Metrics } from '../../observability/metrics.js';
import { wire } from '../../services.js';
import type { PluginRoute } from '../definition.js';
import { PluginLoadError } from '../load.js';
import { LocalPlugins } from '../local.js';
import {
  type FromThread,
  PLUGIN_THREAD_NICE,
  type Requests,
  type RouteCall,
  type RouteDescriptor,
  type ThreadError,
  type ThreadInit,
  type ToThread,
} from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the plugin thread runs as a worker thread');
const { env, pollMs } = workerData as ThreadInit;
// On Linux a nice value is a thread's own (elsewhere it would be the whole process's, the API's thread included).
if (process.platform === 'linux') setPriority(0, PLUGIN_THREAD_NICE);
const send = (message: FromThread) => port.postMessage(message);

const logger = createLogger(env.KEYBS_LOG_LEVEL);
const { services } = wire(env, logger, { metrics: new Metrics(false) });
const { store } = services;
let publicUrl = '';
const plugins = new LocalPlugins(store.plugins, services.verifications, systemClock, logger, () => publicUrl, {
  pollMs,
  locks: store.locks,
  changed: () => send({ type: 'changed' }),
});
let routes: { plugin: string; spec: PluginRoute }[] = [];

function describe({ plugin, spec }: { plugin: string; spec: PluginRoute }, index: number): RouteDescriptor {
  return {
    plugin,
    index,
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description !== undefined && { description: spec.description }),
    scope: spec.scope,
    body: spec.body !== undefined,
    query: spec.query !== undefined,
    responses: spec.responses.map((r) => ({ status: r.status, description: r.description })),
  };
}

const parse = (schema: z.ZodType | undefined, value: unknown) => {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
};

/** Serves a request to a plugin endpoint: validated by the plugin's own schemas, as the main thread would. */
async function serve(call: RouteCall) {
  const found = routes[call.index];
  if (!found) throw new Error(`no plugin route ${call.index}`);
  const { spec } = found;
  const reply = await spec.handle({
    body: parse(spec.body, call.body),
    query: parse(spec.query, call.query),
    params: call.params,
    env: call.env,
    livemode: call.livemode,
    requestId: call.requestId,
  });
  return { status: reply.status, body: reply.body };
}

const handlers: { [K in keyof Requests]: (args: Requests[K]['args']) => Promise<Requests[K]['result']> } = {
  async load({ config, configFile }) {
    await plugins.load(config, configFile);
    routes = plugins.pluginRoutes();
    return { routes: routes.map(describe), consumers: plugins.consumers() };
  },
  status: ({ livemode }) => plugins.status(livemode),
  metrics: () => plugins.metrics(),
  async runSchedule({ plugin, job }) {
    await plugins.runSchedule(plugin, job);
    return null;
  },
  route: serve,
  async stop() {
    await plugins.stop();
    await store.close();
    return null;
  },
};

function threadError(error: unknown): ThreadError {
  if (error instanceof PluginLoadError) return { kind: 'load', plugin: error.plugin, reason: error.reason };
  if (error instanceof ApiError) {
    const { code, message, param, headers } = error;
    return { kind: 'api', code, message, headers, ...(param !== undefined && { param }) };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'notify':
      return plugins.notify();
    case 'start':
      publicUrl = message.publicUrl;
      return plugins.start();
    default: {
      const { id, type } = message;
      const handle = handlers[type] as (args: unknown) => Promise<unknown>;
      handle(message.args)
        .then(
          (result) => send({ type: 'reply', id, result }),
          (error) => send({ type: 'failed', id, error: threadError(error) }),
        )
        // Stopped: the thread ends once nothing of its own is left to run.
        .finally(() => type === 'stop' && port.close());
    }
  }
});
