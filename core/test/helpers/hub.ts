import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ErrorType, SCOPES, type Scope } from '@keybs/contract';
import { expect } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import type { Clock } from '../../src/domain/clock.js';
import type { PipelineOptions } from '../../src/domain/pipeline.js';
import { createLogger, silentLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { type Hub, startHub } from '../../src/server.js';
import { testDatabase } from '../postgres/test-database.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** A settable clock, so tests move time instead of sleeping. */
export class TestClock implements Clock {
  constructor(public t = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestHub {
  hub: Hub;
  url: string;
  dataDir: string;
  testKey: string;
  liveKey: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  key(env: 'test' | 'live', scopes?: Scope[]): Promise<string>;
  close(): Promise<void>;
}

/** One JSON request to `baseUrl`, with `defaultKey` unless the options name another key (or null: none). */
export function requestTo(baseUrl: string, defaultKey: string | null) {
  return async (method: string, path: string, o: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    const secret = o.key === undefined ? defaultKey : o.key;
    if (secret !== null) headers.authorization = `Bearer ${secret}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/** A real hub in this process: real SQLite file in a temp dir, real HTTP on port 0. */
export async function startTestHub(
  options: { env?: Record<string, string>; clock?: Clock; pipeline?: PipelineOptions; dataDir?: string } = {},
): Promise<TestHub> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keybs-test-'));
  // With KEYBS_TEST_DATABASE_URL set, the hub's store is a PostgreSQL database of its own instead.
  const database = await testDatabase(dataDir);
  const env = parseEnv({
    KEYBS_DATA_DIR: dataDir,
    PORT: '0',
    KEYBS_LOG_LEVEL: 'silent',
    KEYBS_WORKER_POLL_MS: '50',
    ...(database && { KEYBS_DATABASE_URL: database.url }),
    ...options.env,
  });
  const hub = await startHub({
    env,
    logger: env.KEYBS_LOG_LEVEL === 'silent' ? silentLogger : createLogger(env.KEYBS_LOG_LEVEL),
    wiring: {
      ...(options.clock && { clock: options.clock }),
      ...(options.pipeline && { pipeline: options.pipeline }),
      metrics: new Metrics(false),
    },
  });
  const key = async (which: 'test' | 'live', scopes: Scope[] = [...SCOPES]) =>
    (await hub.services.keys.create({ env: which, scopes })).secret;
  const testKey = await key('test');
  const liveKey = await key('live');
  const request = requestTo(hub.url, testKey);
  return {
    hub,
    url: hub.url,
    dataDir,
    testKey,
    liveKey,
    request,
    key,
    async close() {
      await hub.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (!options.dataDir) await database?.drop();
    },
  };
}

/** The contract's one error body, with request_id equal to the X-Request-Id header. */
export function expectError(reply: Reply, status: number, code: string, type?: ErrorType, param?: string): void {
  expect({ status: reply.status, code: reply.json?.error?.code }).toEqual({ status, code });
  const error = reply.json.error;
  expect(Object.keys(reply.json)).toEqual(['error']);
  expect(error.request_id).toBe(reply.headers.get('x-request-id'));
  expect(error.request_id).toMatch(/^req_/);
  expect(typeof error.message).toBe('string');
  if (type) expect(error.type).toBe(type);
  if (param !== undefined) expect(error.param).toBe(param);
  for (const k of Object.keys(error)) expect(['type', 'code', 'message', 'param', 'request_id']).toContain(k);
}

export const ORDER = {
  supplier: 'Meridian Components Sdn. Bhd.',
  country_code: 'MY',
  registration_id: '1287654-K',
  package: 'enhanced',
} as const;

export const BASIC_GB = {
  supplier: 'Northwind Traders Ltd',
  country_code: 'GB',
  registration_id: '09446231',
  package: 'basic',
} as const;

/** Polls `probe` until it returns a value, failing after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5_000, every = 25): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
