import type { Environment, ErrorCode, PluginStatus } from '@keybs/contract';
import type { Env } from '../../config/env.js';
import type { ConfigFile } from '../../config/file.js';
import type { PluginMetric, PluginRoute } from '../definition.js';

/**
 * The plugin thread's nice value on Linux: when the CPU is short the API's thread runs first, else the plugins
 * run freely. (19, the lowest, starved the thread behind every other process on a busy machine, and a main-thread
 * write then waited on the write lock the starved thread held; 0 gave the API's p99 about 20 % more.)
 */
export const PLUGIN_THREAD_NICE = 10;

/** What the plugin thread is started with (`workerData`). */
export interface ThreadInit {
  env: Env;
  pollMs: number;
}

/** A plugin endpoint as the main thread serves it (the thread validates and handles each request). */
export interface RouteDescriptor
  extends Pick<PluginRoute, 'method' | 'path' | 'operationId' | 'summary' | 'description' | 'scope'> {
  plugin: string;
  /** Its index in the thread's list of plugin routes. */
  index: number;
  /** Whether it takes a body, a query: the main thread hands them over as they came. */
  body: boolean;
  query: boolean;
  /** Without their zod schemas, which cannot cross to another thread. */
  responses: { status: number; description: string }[];
}

/** A request to a plugin endpoint, as the main thread received it (body and query not yet validated). */
export interface RouteCall {
  index: number;
  body: unknown;
  query: unknown;
  params: Record<string, string>;
  env: Environment;
  livemode: boolean;
  requestId: string;
}

/** Requests of the main thread and what each answers. */
export interface Requests {
  load: {
    args: { config: ConfigFile; configFile?: string };
    /** The plugins' endpoints, and the names of the plugins that take events. */
    result: { routes: RouteDescriptor[]; consumers: string[] };
  };
  status: { args: { livemode: boolean }; result: PluginStatus[] };
  metrics: { args: Record<string, never>; result: { plugin: string; metric: PluginMetric }[] };
  runSchedule: { args: { plugin: string; job: string }; result: null };
  route: { args: RouteCall; result: { status: number; body: unknown } };
  stop: { args: Record<string, never>; result: null };
}

export type RequestType = keyof Requests;

export type ToThread =
  | { [K in RequestType]: { type: K; id: number; args: Requests[K]['args'] } }[RequestType]
  | { type: 'start'; publicUrl: string }
  | { type: 'notify' };

/** How a request failed: a plugin that cannot load, an API error of a plugin endpoint, or anything else. */
export type ThreadError =
  | { kind: 'load'; plugin: string; reason: string }
  | { kind: 'api'; code: ErrorCode; message: string; param?: string; headers: Record<string, string> }
  | { kind: 'other'; message: string };

export type FromThread =
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: ThreadError }
  /** A plugin ordered a verification: the main thread's workers should look. */
  | { type: 'changed' };
