import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DATABASE_URL, testDatabase } from '../../core/test/postgres/test-database.js';

/** The repository root (`/work/main` here, the clone in CI): the hub is started from there as a user does. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The built CLI, exactly what `npx keybs` and `npm start` run. */
export const CLI = join(REPO_ROOT, 'core', 'dist', 'cli', 'main.js');

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedHub {
  url: string;
  port: number;
  /** The test key printed on a first start (no keys yet), else `undefined`. */
  key: string | undefined;
  dataDir: string;
  process: ChildProcess;
  /** Everything the hub printed on stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<Exit>;
  /** Sends `signal` (default SIGTERM) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface StartOptions {
  /** Extra arguments after `serve` (default `--port 0 --data-dir DIR`). */
  args?: string[];
  /** Extra environment (the hub's own KEYBS_*, PORT and HOST variables are not inherited). */
  env?: Record<string, string>;
  /** Keep the store in SQLite even in the PostgreSQL pass (a test about SQLite data dirs). */
  sqlite?: boolean;
}

const running = new Set<SpawnedHub>();

/** A fresh, empty data directory under the OS temp dir. */
export function tempDataDir(label = 'keybs-e2e'): string {
  return mkdtempSync(join(tmpdir(), `${label}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * With KEYBS_TEST_DATABASE_URL set (the PostgreSQL pass of `npm test`), the PostgreSQL database of a data dir:
 * a hub started on the dir and the CLI run with `--data-dir DIR` use it, as a user would point both at one
 * database. Unset: nothing (SQLite in the data dir).
 */
async function databaseEnv(dataDir: string | undefined, env: Record<string, string> = {}) {
  if (!TEST_DATABASE_URL || !dataDir || env.KEYBS_DATABASE_URL) return env;
  const database = await testDatabase(dataDir);
  return database ? { KEYBS_DATABASE_URL: database.url, ...env } : env;
}

/** The caller's environment minus the hub's own settings, so an exported PORT or KEYBS_DATA_DIR cannot leak in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('KEYBS_') || name === 'PORT' || name === 'HOST') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Starts `node core/dist/cli/main.js serve --port 0 --data-dir DIR` and resolves once it printed
 * `listening on http://127.0.0.1:PORT`. Rejects (with its output) if it exits or stays silent instead.
 */
export async function startHub(dataDir: string, options: StartOptions = {}): Promise<SpawnedHub> {
  const args = options.args ?? ['--port', '0', '--data-dir', dataDir];
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.sqlite ? options.env : await databaseEnv(dataDir, options.env)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<Exit>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });

  return new Promise<SpawnedHub>((ready, fail) => {
    const describe = (why: string) =>
      new Error(`hub ${why}\n--- stdout ---\n${out}\n--- stderr (tail) ---\n${err.slice(-4000)}`);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(describe(`did not print 'listening on' within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(describe(`exited before it was ready (code ${code}, signal ${signal})`));
    });
    let started = false;
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (started) return;
      const listening = /^listening on (https?:\/\/127\.0\.0\.1:(\d+))$/m.exec(out);
      if (!listening) return;
      started = true;
      clearTimeout(timer);
      const lines = out.split('\n');
      const notice = lines.findIndex((l) => l.startsWith('No API keys yet'));
      const key = notice >= 0 ? lines[notice + 1]?.trim() : undefined;
      const hub: SpawnedHub = {
        url: listening[1]!,
        port: Number(listening[2]),
        key,
        dataDir,
        process: child,
        stdout: () => out,
        stderr: () => err,
        exited,
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const timeout = new Promise<never>((_, reject) => {
            const t = setTimeout(
              () => reject(describe(`did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}`)),
              STOP_TIMEOUT_MS,
            );
            void exited.then(() => clearTimeout(t));
          });
          const result = await Promise.race([exited, timeout]);
          running.delete(hub);
          return result;
        },
      };
      running.add(hub);
      void exited.then(() => running.delete(hub));
      ready(hub);
    });
  });
}

/** Kills every hub this file started that is still running (for `afterAll`). */
export async function stopAllHubs(): Promise<void> {
  await Promise.all([...running].map((hub) => hub.stop('SIGKILL').catch(() => undefined)));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node core/dist/cli/main.js ARGS` (what `npx keybs ARGS` runs) to completion. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const dir = args.indexOf('--data-dir');
  const dataDir = dir >= 0 ? args[dir + 1] : undefined;
  return runNode([CLI, ...args], { ...options, env: await databaseEnv(dataDir, options.env) });
}

/** Runs a Node script to completion from the repository root, collecting its output. */
export function runNode(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number; input?: string } = {},
) {
  return new Promise<CliResult>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`node ${args.join(' ')} did not finish in time\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** One JSON API call with a bearer key. */
export async function api(
  base: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Calls `probe` until it returns a value other than `undefined`, or throws once `timeoutMs` has passed
 * (with `describe()` saying what was last seen). `intervalMs` is only the gap between probes.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 100, describe }: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`not reached within ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
