import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfigFile } from '../../src/config/file.js';
import { silentLogger } from '../../src/observability/logger.js';
import { PluginHost } from '../../src/plugins/host.js';
import { PluginLoadError } from '../../src/plugins/load.js';
import { PLUGIN_THREAD_NICE } from '../../src/plugins/thread/protocol.js';
import { eventually, expectError, type Reply, startTestHub, type TestHub } from '../helpers/hub.js';
import { configFile, orderBasic } from './plugin-hub.js';

// The plugin thread of `keybs serve`, as the hub runs it: the thread runs the built core (`npm test` builds
// first), with its own connection to the test hub's database; its endpoints are served by the hub's app.
const THREADED = fileURLToPath(new URL('./fixtures/threaded.mjs', import.meta.url));
const IN_MAIN = fileURLToPath(new URL('./fixtures/in-main.mjs', import.meta.url));

let t: TestHub | undefined;
let host: PluginHost | undefined;
let server: Server | undefined;
afterEach(async () => {
  await host?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await t?.close();
  t = host = server = undefined;
});

async function startThreaded(plugins: unknown[]) {
  t = await startTestHub();
  const services = t.hub.services;
  const changes: number[] = [];
  const h = new PluginHost(services.store.plugins, services.verifications, services.clock, silentLogger, () => url, {
    pollMs: 50,
    thread: { env: services.env, changed: () => changes.push(Date.now()) },
  });
  host = h;
  const file = configFile(plugins);
  await h.load(loadConfigFile(file), file);
  const app = buildApp({ ...services, plugins: h });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server?.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.start();
  const request = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { authorization: `Bearer ${t?.testKey}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
  };
  return { hub: t, host: h, request, changes };
}

const UNFINISHED = 'the attempt never finished: the hub process or its plugin thread stopped during it';

const seen = async (h: TestHub) =>
  (await h.hub.services.store.plugins.listRecords('threaded', 'seen', { limit: 1000 })).map((r) => r.key);

describe('the plugin thread', () => {
  it('hands the log to a plugin in its own thread and serves its status, endpoints, jobs and metrics', async () => {
    const { hub, host, request } = await startThreaded([{ package: THREADED }]);
    const ids = [await orderBasic(hub, 'Alpha Ltd'), await orderBasic(hub, 'Beta Ltd')];
    const log = async () =>
      (await Promise.all(ids.map((id) => hub.hub.services.store.events.forVerification(id)))).flat().map((e) => e.id);
    const all = await eventually(async () => {
      const [events, handed] = [await log(), new Set(await seen(hub))];
      return events.length >= 6 && events.every((e) => handed.has(e)) ? events : undefined;
    });

    const status = await eventually(async () => {
      const s = (await request('GET', '/v1/plugins')).json.data[0];
      return s.lag === 0 && s.delivered === all.length ? s : undefined;
    });
    expect(status).toMatchObject({
      name: 'threaded',
      state: 'running',
      health: { status: 'ok', detail: `handled ${all.length}` },
      pending: 0,
      dead_letters: 0,
    });

    // The endpoint's body is validated by the plugin's own schema (coercion and all) in the thread.
    const doubled = await request('POST', '/v1/threaded/double', { n: '21' });
    expect(doubled.status, doubled.text).toBe(200);
    expect(doubled.json).toEqual({ doubled: 42, livemode: false });
    expectError(await request('POST', '/v1/threaded/double', { n: 0 }), 422, 'validation_failed', undefined, 'n');
    const unknown = await request('POST', '/v1/threaded/double', { n: 1, extra: true });
    expectError(unknown, 422, 'validation_failed', undefined, 'extra');
    expect(unknown.json.error.message).toBe("Unknown parameter 'extra'.");
    expectError(await request('POST', '/v1/threaded/double', { n: 13 }), 404, 'resource_not_found', undefined, 'n');

    await host.runSchedule('threaded', 'tick');
    expect((await hub.hub.services.store.plugins.getRecord('threaded', 'ticks', 'last'))?.value).toEqual({
      handled: all.length,
    });
    expect(await host.metrics()).toEqual([
      { plugin: 'threaded', metric: { name: 'handled', help: 'Events handled', value: all.length } },
    ]);
  });

  it('runs a plugin that asks for the main thread there, beside the others, listed in config order', async () => {
    const { hub, request } = await startThreaded([{ package: IN_MAIN }, { package: THREADED }]);
    const threadOf = async (plugin: string) =>
      (await hub.hub.services.store.plugins.getRecord(plugin, 'setup', 'thread'))?.value;
    expect(await threadOf('in-main')).toEqual({ threadId: 0 });
    expect(((await threadOf('threaded')) as { threadId: number } | undefined)?.threadId).toBeGreaterThan(0);
    expect((await request('GET', '/v1/in-main/ping')).json).toEqual({ threadId: 0 });
    expect((await request('POST', '/v1/threaded/double', { n: 2 })).json).toEqual({ doubled: 4, livemode: false });
    const id = await orderBasic(hub);
    const both = await eventually(async () => {
      const list = (await request('GET', '/v1/plugins')).json.data;
      return list.every((p: { delivered: number; lag: number }) => p.delivered >= 3 && p.lag === 0) ? list : undefined;
    });
    expect(both.map((p: { name: string }) => p.name)).toEqual(['in-main', 'threaded']);
    const events = (await hub.hub.services.store.events.forVerification(id)).map((e) => e.id);
    const seenBy = async (plugin: string) =>
      (await hub.hub.services.store.plugins.listRecords(plugin, 'seen', { limit: 100 })).map((r) => r.key);
    expect((await seenBy('in-main')).sort()).toEqual([...events].sort());
    expect((await seenBy('threaded')).sort()).toEqual([...events].sort());
  });

  it('tells the hub of a verification a plugin ordered, and retries what the plugin refused', async () => {
    const { hub, request, changes } = await startThreaded([
      { package: THREADED, config: { failOn: 'verification.completed' }, retrySchedule: [3600] },
    ]);
    const ordered = await request('POST', '/v1/threaded/order', { supplier: 'Gamma Ltd' });
    expect(ordered.status, ordered.text).toBe(201);
    expect(changes).toHaveLength(1);
    // The hub's check worker decides it; the plugin refuses the decision, which waits for its retry.
    const failing = await eventually(async () => {
      const s = (await request('GET', '/v1/plugins')).json.data[0];
      return s.retrying === 1 ? s : undefined;
    });
    expect(failing).toMatchObject({ state: 'degraded', last_error: 'refused verification.completed' });
    expect((await hub.request('GET', `/v1/verifications/${ordered.json.verification_id}`)).json.status).toBe(
      'completed',
    );
  });

  it('starts a thread that stopped again: meanwhile its plugins show stopped with the reason and endpoints 503', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'keybs-crash-')), 'crashed');
    const { hub, request } = await startThreaded([
      { package: THREADED, config: { crashOnce: marker }, timeoutSeconds: 1, retrySchedule: [1] },
    ]);
    const id = await orderBasic(hub, 'Delta Ltd');
    const down = await eventually(async () => {
      const s = (await request('GET', '/v1/plugins')).json.data?.[0];
      return s?.state === 'stopped' ? s : undefined;
    });
    expect(down).toMatchObject({ name: 'threaded', health: { status: 'down' } });
    expect(down.health.detail).toMatch(
      /^the plugin thread stopped \(a plugin bug outside any attempt\); restarting in \d+ s$/,
    );
    // The first restart comes 1 s after the thread stopped.
    const meanwhile = await request('POST', '/v1/threaded/double', { n: 2 });
    expectError(meanwhile, 503, 'service_unavailable');
    expect(meanwhile.headers.get('retry-after')).toBe('2');

    // The new thread takes the log from the cursor; the unfinished attempt's events come again once its lease ends.
    const events = (await hub.hub.services.store.events.forVerification(id)).map((e) => e.id);
    await eventually(async () => {
      const handed = new Set(await seen(hub));
      return events.length > 0 && events.every((e) => handed.has(e)) ? true : undefined;
    }, 20_000);
    const back = (await request('GET', '/v1/plugins')).json.data[0];
    expect(back).toMatchObject({ state: 'running', health: { status: 'ok' }, dead_letters: 0 });
    // The unfinished attempt counted as a failed one.
    expect(back.last_error).toBe(UNFINISHED);
    expect((await request('POST', '/v1/threaded/double', { n: 3 })).json).toEqual({ doubled: 6, livemode: false });
    expect(Number(readFileSync(marker, 'utf8'))).toBeGreaterThan(0);
  });

  it('dead-letters an event whose attempts kill the thread each time, and goes on with the others', async () => {
    const { hub, request } = await startThreaded([
      { package: THREADED, config: { crashOn: 'verification.completed' }, timeoutSeconds: 1, retrySchedule: [1] },
    ]);
    const id = await orderBasic(hub, 'Epsilon Ltd');
    const dead = await eventually(async () => {
      const s = (await request('GET', '/v1/plugins')).json.data?.[0];
      return s?.state === 'degraded' && s.dead_letters === 1 && s.lag === 0 ? s : undefined;
    }, 30_000);
    const completed = (await hub.hub.services.store.events.forVerification(id)).find(
      (e) => e.type === 'verification.completed',
    );
    expect(dead.recent_dead_letters).toEqual([
      expect.objectContaining({ event_id: completed?.id, attempts: 2, error: UNFINISHED }),
    ]);
    const others = (await hub.hub.services.store.events.forVerification(id)).filter(
      (e) => e.type === 'verification.status_changed',
    );
    expect(others.length).toBeGreaterThan(0);
    expect((await seen(hub)).sort()).toEqual(others.map((e) => e.id).sort());
  }, 40_000);

  it.runIf(process.platform === 'linux')('runs at a lower priority than the API’s thread', async () => {
    await startThreaded([{ package: THREADED }]);
    const nice = (task: string) =>
      Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const tasks = readdirSync('/proc/self/task');
    expect(nice(String(process.pid))).toBe(0);
    expect(tasks.map(nice)).toContain(PLUGIN_THREAD_NICE);
  });

  it('stops the start when a plugin cannot load in the thread, naming it and the reason', async () => {
    t = await startTestHub();
    const services = t.hub.services;
    host = new PluginHost(services.store.plugins, services.verifications, services.clock, silentLogger, () => '', {
      pollMs: 50,
      thread: { env: services.env, changed: () => {} },
    });
    const file = configFile([{ package: THREADED, config: { failOn: 7 } }]);
    const failed = host.load(loadConfigFile(file), file);
    await expect(failed).rejects.toThrow(
      `plugin threaded (${THREADED}): invalid config: failOn: Invalid input: expected string, received number`,
    );
    await expect(failed).rejects.toBeInstanceOf(PluginLoadError);
  });
});
