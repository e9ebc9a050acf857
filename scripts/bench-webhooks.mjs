#!/usr/bin/env node
// Webhook delivery benchmark (issue "Measure"): the hub's dispatcher against a loopback receiver, each in
// its own child process, driven from this process. Three scenarios:
//
//   throughput  a backlog of deliveries to one endpoint, kept topped up with `POST /v1/webhooks/:id/replay`;
//               deliveries/s counted by the receiver over the window. Baseline in the same round: a bare
//               keep-alive sender (child process, 16 in flight like the dispatcher's per-endpoint limit)
//               POSTing the same bodies and headers to the same receiver.
//   isolation   the throughput run again, with a second endpoint that accepts connections and never answers
//               (a "black hole") getting the same backlog; its healthy rate is compared with the one alone.
//   latency     basic test orders at a steady 200 events/s (3 events per order) to one endpoint; latency =
//               the receiver's arrival time − the event's `created_at` in the hub's database (ms), i.e. from
//               the moment the change that caused the event was made to the moment the POST arrived.
//
//   npm run bench:webhooks              # tsc -b, then this script
//   node scripts/bench-webhooks.mjs [--duration S] [--rounds N] [--warmup S] [--orders N]
//        [--latency-duration S] [--history N] [--events-per-second N] [--timeout-ms MS] [--profile DIR]
//        [--hub FILE] [--json FILE]
//
// --rounds 0 skips the throughput and isolation runs. --history N gives the latency scenario's endpoint N
// delivered deliveries first (written straight into the hub's database, as 30 days of retention would leave
// them), to show how the dispatcher behaves with a delivery log of that size. --hub runs another build's
// `cli/main.js` (to compare a change with the same harness).
//
// The hub runs with KEYBS_RATE_LIMIT_PER_SECOND=0 and KEYBS_WEBHOOK_TIMEOUT_MS=--timeout-ms (1000 by
// default, so the black hole's attempts time out inside the window; the hub's default is 15000). Every
// other setting is the default; its JSON logs go to /dev/null. Each round and the latency scenario get a
// fresh hub and data dir, so one scenario's leftover deliveries never slow the next. Linux only for the
// CPU figures (read from /proc). Exits 0 whether or not the targets are met.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  fmt,
  loadAverage,
  machineInfo,
  machineLine,
  median,
  orderBody,
  pad,
  positive,
  ROOT,
  spawnChild,
  startChild,
  stopChild,
  table,
  verdictLine,
} from './bench-lib.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
const DEFAULT_HUB = path.join(ROOT, 'core/dist/cli/main.js');

const EVENTS_PER_ORDER = 3;
const SUBSCRIPTIONS = ['status_changed', 'decision_issued'];
/** In flight at once, as the dispatcher's per-endpoint default (KEYBS_WEBHOOK_CONCURRENCY). */
const CONCURRENCY = 16;
const SAMPLE_BODIES = 30;
const now = () => performance.now();
const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

const TARGETS = {
  throughput: { minRate: 1000 },
  isolation: { minRatio: 0.9 },
  latency: { maxP50: 50, maxP99: 250 },
};

// ---------------------------------------------------------------------------------------------------
// The receiver: plain node:http, answers 200 with an empty body as soon as a request has arrived, counts
// requests per path, verifies nothing. On request it records the arrival time of each delivery
// (`X-KeyBS-Delivery`) and keeps the first bodies and headers for the bare sender. Talks over IPC.

function serveReceiver() {
  const counts = new Map();
  const samples = [];
  let recording = null;
  const server = http.createServer((req, res) => {
    const keep = samples.length < SAMPLE_BODIES && req.headers['x-keybs-event'] !== undefined;
    const chunks = keep ? [] : null;
    req.on('data', (chunk) => chunks?.push(chunk));
    req.on('end', () => {
      // Date.now(), the clock the hub stamps events with (a process's performance clock drifts from it).
      const at = Date.now();
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      counts.set(req.url, (counts.get(req.url) ?? 0) + 1);
      if (recording && req.url === recording.path) recording.arrivals.push([req.headers['x-keybs-delivery'], at]);
      if (chunks && samples.length < SAMPLE_BODIES) {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([name]) => name.startsWith('x-keybs-') || name.startsWith('webhook-')),
        );
        samples.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
  process.on('message', (msg) => {
    const reply = (body) => process.send({ id: msg.id, ...body });
    switch (msg.cmd) {
      case 'count':
        return reply({ count: counts.get(msg.path) ?? 0 });
      case 'record':
        recording = { path: msg.path, arrivals: [] };
        return reply({});
      case 'arrivals':
        return reply({ arrivals: recording?.arrivals ?? [] });
      case 'samples':
        return reply({ samples });
    }
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

// The black hole: accepts TCP connections, reads and drops what arrives, never answers.
function serveBlackHole() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.on('error', () => {});
    socket.resume();
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
  process.on('message', (msg) => process.send({ id: msg.id, connections }));
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

// The bare sender: CONCURRENCY keep-alive loops POSTing the receiver's captured bodies and headers (no
// signing, no database) until told to stop.
function runBareSender() {
  process.on('disconnect', () => process.exit(0));
  let running = false;
  let loops = [];
  process.on('message', async (msg) => {
    if (msg.cmd === 'start') {
      running = true;
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const url = new URL(msg.url);
      let next = 0;
      const post = ({ headers, body }) =>
        new Promise((resolve, reject) => {
          const req = http.request(url, {
            method: 'POST',
            agent,
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
              'user-agent': 'bench-bare/1.0',
            },
          });
          req.on('error', reject);
          req.on('response', (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.end(body);
        });
      loops = Array.from({ length: CONCURRENCY }, async () => {
        while (running) await post(msg.samples[next++ % msg.samples.length]);
      });
      process.send({ id: msg.id });
    } else if (msg.cmd === 'stop') {
      running = false;
      await Promise.all(loops);
      process.send({ id: msg.id });
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// The driver.

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '2' },
      orders: { type: 'string', default: '1000' },
      'latency-duration': { type: 'string', default: '20' },
      history: { type: 'string', default: '0' },
      'events-per-second': { type: 'string', default: '200' },
      'timeout-ms': { type: 'string', default: '1000' },
      profile: { type: 'string' },
      hub: { type: 'string', default: DEFAULT_HUB },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'node scripts/bench-webhooks.mjs [--duration S=10] [--rounds N=3] [--warmup S=2] [--orders N=1000]\n' +
        '  [--latency-duration S=20] [--history N=0] [--events-per-second N=200] [--timeout-ms MS=1000]\n' +
        '  [--profile DIR] [--hub FILE=core/dist/cli/main.js] [--json FILE]',
    );
    return;
  }
  const opts = {
    duration: positive(values.duration, '--duration'),
    rounds: nonNegative(values.rounds, '--rounds'),
    warmup: Number(values.warmup),
    orders: positive(values.orders, '--orders'),
    latencyDuration: positive(values['latency-duration'], '--latency-duration'),
    history: nonNegative(values.history, '--history'),
    eventsPerSecond: positive(values['events-per-second'], '--events-per-second'),
    timeoutMs: positive(values['timeout-ms'], '--timeout-ms'),
    profile: values.profile ? path.resolve(values.profile) : undefined,
    hub: path.resolve(values.hub),
  };
  const machine = machineInfo({ build: buildInfo() });
  console.log(
    `KeyBS Hub webhook benchmark: ${opts.duration} s per run, ${opts.warmup} s warm-up, ${opts.rounds} rounds, ` +
      `backlog topped up ${opts.orders * EVENTS_PER_ORDER} deliveries at a time, ${CONCURRENCY} in flight; ` +
      `latency: ${opts.eventsPerSecond} events/s for ${opts.latencyDuration} s`,
  );
  console.log(machineLine(machine));
  console.log(
    `hub: ${opts.hub === DEFAULT_HUB ? machine.build : opts.hub}, KEYBS_RATE_LIMIT_PER_SECOND=0, ` +
      `KEYBS_WEBHOOK_TIMEOUT_MS=${opts.timeoutMs}, other settings default, ` +
      `logs to /dev/null${opts.profile ? `, CPU profiles to ${opts.profile}` : ''}\n`,
  );

  const children = [];
  const dataDirs = [];
  const stopAll = () => Promise.all(children.map(stopChild));
  process.once('SIGINT', () => stopAll().finally(() => process.exit(130)));
  try {
    const receiver = await startChild(children, 'receiver', [SCRIPT, '--receiver'], {}, true);
    const blackHole = await startChild(children, 'black hole', [SCRIPT, '--black-hole'], {}, true);
    const bareSender = spawnChild(children, [SCRIPT, '--bare-sender'], {}, true);
    const ctx = { opts, children, dataDirs, receiver, blackHole, bareSender };

    const runs = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const hub = await startHub(ctx, `round ${round}`);
      await orderBacklogSource(hub, opts.orders);
      for (const scenario of ['hub alone', 'bare', 'hub + black hole']) {
        const run = { round, scenario, ...(await runThroughput(ctx, hub, scenario)) };
        runs.push(run);
        console.log(
          `round ${round}  ${pad(scenario, 16)} ${fmt(run.rate, 0, 6)} deliveries/s  ` +
            `hub CPU ${cpuText(run.cpu.hub)}  receiver CPU ${cpuText(run.cpu.receiver)}  ` +
            `sender CPU ${cpuText(run.cpu.sender)}  slowest 1 s ${fmt(run.minSecond, 0)}/s` +
            (run.blackHoleConnections === undefined ? '' : `  black-hole connections ${run.blackHoleConnections}`),
        );
      }
      await stopChild(hub.child);
    }
    const throughput = opts.rounds > 0 ? summarizeThroughput(runs) : [];
    if (opts.rounds > 0) {
      console.log(
        `\nThroughput: median of ${opts.rounds} rounds (${opts.duration} s windows); ratios are medians of the ` +
          'per-round ratios:\n',
      );
      console.log(renderThroughput(throughput));
    }

    const latency = await runLatency(ctx);
    console.log(
      `\nLatency at ${fmt(latency.eventRate, 0)} events/s (${fmt(latency.orderRate, 1)} orders/s for ` +
        `${opts.latencyDuration} s, the first ${opts.warmup} s left out; hub CPU ${cpuText(latency.hubCpu)}` +
        `${opts.history > 0 ? `; endpoint with ${opts.history} earlier deliveries` : ''}): ` +
        'receiver arrival − event created_at\n',
    );
    console.log(renderLatency(latency));

    const loadAtEnd = loadAverage();
    console.log(`\nload average at the end: ${loadAtEnd.join(' ')}`);
    console.log(verdictLine([...throughput, ...latency.rows]));
    if (values.json) {
      const { arrivals, ...latencySummary } = latency;
      writeFileSync(
        values.json,
        `${JSON.stringify({ machine, loadAtEnd, options: opts, throughput, latency: latencySummary, runs }, null, 2)}\n`,
      );
      console.log(`results written to ${values.json}`);
    }
  } finally {
    await stopAll();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh hub in a fresh data dir; with --profile, under `node --cpu-prof`. */
async function startHub(ctx, name) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-webhooks-'));
  ctx.dataDirs.push(dataDir);
  const profile = ctx.opts.profile ? ['--cpu-prof', '--cpu-prof-dir', ctx.opts.profile] : [];
  const hub = await startChild(
    ctx.children,
    `hub (${name})`,
    [...profile, ctx.opts.hub, 'serve', '--port', '0', '--data-dir', dataDir],
    { KEYBS_RATE_LIMIT_PER_SECOND: '0', KEYBS_WEBHOOK_TIMEOUT_MS: String(ctx.opts.timeoutMs) },
  );
  if (!hub.key) throw new Error('the hub printed no test key (is the data dir fresh?)');
  const headers = { authorization: `Bearer ${hub.key}`, 'content-type': 'application/json' };
  const call = async (method, route, body, expect) => {
    const res = await fetch(`${hub.url}${route}`, { method, headers, body: body && JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { ...hub, dataDir, call };
}

/**
 * Orders `count` basic test verifications while no endpoint exists, so their events (3 each) sit in the
 * event log undelivered; waits until all are completed. Replaying them later queues deliveries in bulk.
 */
async function orderBacklogSource(hub, count) {
  hub.since = new Date(Date.now() - 1000).toISOString();
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (n < count) await hub.call('POST', '/v1/verifications', JSON.parse(orderBody(++n)), 201);
    }),
  );
  await hubIdle(hub);
}

async function register(hub, url) {
  return (await hub.call('POST', '/v1/webhooks', { url, events: SUBSCRIPTIONS }, 201)).id;
}

/**
 * One throughput run: the rate over the window, the CPU of each process, and the slowest one-second rate.
 * Hub runs replay the event log to a fresh endpoint whenever fewer than one replay's worth of deliveries
 * is left, so the backlog stays between one and two replays; the black hole gets every replay too.
 */
async function runThroughput(ctx, hub, scenario) {
  const { opts, receiver, blackHole, bareSender } = ctx;
  const pathname = `/${scenario.replaceAll(/\W+/g, '-')}-${hub.url.split(':').at(-1)}`;
  const count = async () => (await receiver.ask({ cmd: 'count', path: pathname })).count;
  const pids = { hub: hub.child.pid, receiver: receiver.child.pid, sender: bareSender.child.pid };

  if (scenario === 'bare') {
    const { samples } = await receiver.ask({ cmd: 'samples' });
    await bareSender.ask({ cmd: 'start', url: `${receiver.url}${pathname}`, samples });
    const m = await measure(opts, pids, count);
    await bareSender.ask({ cmd: 'stop' });
    return m;
  }

  const healthy = await register(hub, `${receiver.url}${pathname}`);
  const targets = [healthy];
  if (scenario === 'hub + black hole') targets.push(await register(hub, blackHole.url));
  let queued = 0;
  let feeding = true;
  const feeder = (async () => {
    let chunk = Number.POSITIVE_INFINITY;
    while (feeding) {
      if (queued - (await count()) < chunk) {
        for (const id of targets) {
          const { deliveries } = await hub.call('POST', `/v1/webhooks/${id}/replay`, { since: hub.since }, 202);
          if (id === healthy) {
            queued += deliveries;
            chunk = deliveries;
          }
        }
      } else {
        await sleep(50);
      }
    }
  })();
  while ((await count()) === 0) await sleep(10);
  const before = (await blackHole.ask({})).connections;
  const m = await measure(opts, pids, count);
  const blackHoleConnections = (await blackHole.ask({})).connections - before;
  feeding = false;
  await feeder;
  if (scenario === 'hub alone') {
    // Let the backlog drain so the hub is idle during the bare run that follows.
    const started = performance.now();
    while ((await count()) < queued) {
      if (performance.now() - started > 120_000) throw new Error('the backlog did not drain within 120 s');
      await sleep(100);
    }
    return m;
  }
  return { ...m, blackHoleConnections };
}

/** Warm-up, then the receiver's count and each process's CPU time at the start and end of the window. */
async function measure(opts, pids, count) {
  await sleep(opts.warmup * 1000);
  const c0 = await count();
  const cpu0 = cpuTimes(pids);
  const t0 = now();
  const seconds = [];
  let last = c0;
  for (let s = 1; s <= Math.floor(opts.duration); s++) {
    await sleep(t0 + s * 1000 - now());
    const c = await count();
    seconds.push(c - last);
    last = c;
  }
  await sleep(t0 + opts.duration * 1000 - now());
  const c1 = await count();
  const cpu1 = cpuTimes(pids);
  const elapsed = (now() - t0) / 1000;
  const cpu = Object.fromEntries(
    Object.keys(pids).map((k) => [k, cpu0[k] === null || cpu1[k] === null ? null : (cpu1[k] - cpu0[k]) / elapsed]),
  );
  const rate = (c1 - c0) / elapsed;
  return {
    rate,
    deliveries: c1 - c0,
    seconds: elapsed,
    minSecond: Math.min(...seconds),
    perSecond: seconds,
    cpu,
    hubCpuPerDeliveryUs: cpu.hub === null || rate === 0 ? null : (cpu.hub / rate) * 1e6,
  };
}

/**
 * Orders at a steady eventsPerSecond / 3 orders/s (open loop: each POST is sent on schedule, whatever the
 * previous one is doing) to a hub with one endpoint; after the hub stops, reads each event's created_at
 * from its database and compares it with the receiver's arrival time.
 */
async function runLatency(ctx) {
  const { opts, receiver } = ctx;
  const hub = await startHub(ctx, 'latency');
  const pathname = `/latency-${hub.url.split(':').at(-1)}`;
  await receiver.ask({ cmd: 'record', path: pathname });
  const endpoint = await register(hub, `${receiver.url}${pathname}`);
  if (opts.history > 0) writeHistory(hub.dataDir, endpoint, opts.history);
  const orderRate = opts.eventsPerSecond / EVENTS_PER_ORDER;
  const orders = [];
  const cpu0 = cpuTimes({ hub: hub.child.pid });
  const started = now();
  for (let n = 0; now() - started < opts.latencyDuration * 1000; n++) {
    await sleep(started + (n * 1000) / orderRate - now());
    const sentAt = Date.now();
    orders.push(
      hub.call('POST', '/v1/verifications', JSON.parse(orderBody(n)), 201).then((v) => ({
        id: v.verification_id,
        sentAt,
        answeredAt: Date.now(),
      })),
    );
  }
  const placed = await Promise.all(orders);
  const elapsed = (now() - started) / 1000;
  const cpu1 = cpuTimes({ hub: hub.child.pid });
  const expected = placed.length * EVENTS_PER_ORDER;
  const waitStarted = performance.now();
  let arrivals = [];
  for (;;) {
    arrivals = (await receiver.ask({ cmd: 'arrivals' })).arrivals;
    if (new Set(arrivals.map(([id]) => id)).size >= expected) break;
    if (performance.now() - waitStarted > 60_000) {
      console.log(`warning: only ${arrivals.length} of ${expected} deliveries arrived within 60 s of the last order`);
      break;
    }
    await sleep(100);
  }
  const drainSeconds = (performance.now() - waitStarted) / 1000;
  await stopChild(hub.child);

  const db = openDatabase(hub.dataDir, true);
  const events = new Map(
    db
      .prepare('SELECT id, type, verification_id AS vid, payload, created_at FROM events')
      .all()
      .map((e) => [e.id, { ...e, status: e.type.endsWith('status_changed') ? JSON.parse(e.payload).status : null }]),
  );
  db.close();
  const sent = new Map(placed.map((o) => [o.id, o]));
  const warm = placed[0].sentAt + opts.warmup * 1000;
  const first = new Map();
  for (const [id, at] of arrivals) if (!first.has(id)) first.set(id, at);
  const groups = {
    'all events': [],
    'status_changed → in_progress': [],
    'status_changed → completed': [],
    'verification.completed (decision)': [],
    'in_progress, from POST sent': [],
  };
  for (const [id, at] of first) {
    const e = events.get(id);
    const order = e && sent.get(e.vid);
    if (!e || !order || order.sentAt < warm) continue;
    const latency = at - e.created_at;
    groups['all events'].push(latency);
    if (e.type === 'verification.completed') groups['verification.completed (decision)'].push(latency);
    else groups[`status_changed → ${e.status}`]?.push(latency);
    if (e.status === 'in_progress') groups['in_progress, from POST sent'].push(at - order.sentAt);
  }
  const post = placed.filter((o) => o.sentAt >= warm).map((o) => o.answeredAt - o.sentAt);
  const rows = Object.entries(groups).map(([scenario, xs]) => {
    const s = {
      scenario,
      count: xs.length,
      p50: percentile(xs, 0.5),
      p99: percentile(xs, 0.99),
      max: xs.length ? Math.max(...xs) : Number.NaN,
    };
    if (scenario !== 'all events' && scenario !== 'verification.completed (decision)')
      return { ...s, target: null, pass: null, failures: [] };
    const { maxP50, maxP99 } = TARGETS.latency;
    const failures = [];
    if (!(s.p50 <= maxP50)) failures.push(`p50 ${s.p50.toFixed(0)} ms > ${maxP50} ms`);
    if (!(s.p99 <= maxP99)) failures.push(`p99 ${s.p99.toFixed(0)} ms > ${maxP99} ms`);
    return { ...s, target: `p50 ≤ ${maxP50} ms, p99 ≤ ${maxP99} ms`, pass: failures.length === 0, failures };
  });
  return {
    orderRate: placed.length / elapsed,
    eventRate: expected / elapsed,
    orders: placed.length,
    expected,
    arrived: first.size,
    duplicates: arrivals.length - first.size,
    drainSeconds,
    hubCpu: cpu0.hub === null || cpu1.hub === null ? null : (cpu1.hub - cpu0.hub) / elapsed,
    post: { p50: percentile(post, 0.5), p99: percentile(post, 0.99) },
    rows,
    arrivals,
  };
}

/** Gives an endpoint `count` delivered deliveries, written into the running hub's database (WAL, busy timeout). */
function writeHistory(dataDir, endpoint, count) {
  const db = openDatabase(dataDir, false);
  const insert = db.prepare(`INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, livemode,
    status, attempts, next_attempt_at, locked_until, payload, created_at, updated_at)
    VALUES (?, ?, ?, 'verification.completed', 0, 'succeeded', 1, NULL, NULL, NULL, ?, ?)`);
  const at = Date.now() - 86_400_000;
  db.transaction(() => {
    for (let n = 0; n < count; n++) insert.run(`del_benchhistory${n}`, endpoint, `evt_benchhistory${n}`, at, at);
  })();
  db.close();
}

function openDatabase(dataDir, readonly) {
  const Database = require(require.resolve('better-sqlite3', { paths: [path.join(ROOT, 'core')] }));
  const db = new Database(path.join(dataDir, 'keybs.db'), { readonly });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Waits until the hub has no verification in progress. */
async function hubIdle(hub) {
  const started = performance.now();
  for (;;) {
    const body = await hub.call('GET', '/v1/verifications?status=in_progress&limit=1', undefined, 200);
    if (body.data.length === 0) return;
    if (performance.now() - started > 300_000)
      throw new Error('the hub still has verifications in progress after 300 s');
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------
// CPU time of the child processes, from /proc (user + system, in seconds); null where unreadable.

let clockTicks;
function cpuTimes(pids) {
  clockTicks ??= (() => {
    try {
      return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      return 100;
    }
  })();
  return Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [name, (Number(fields[11]) + Number(fields[12])) / clockTicks];
      } catch {
        return [name, null];
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Results.

function summarizeThroughput(runs) {
  const of = (scenario) => runs.filter((r) => r.scenario === scenario);
  const byRound = (scenario, round) => of(scenario).find((r) => r.round === round);
  const base = (scenario) => {
    const mine = of(scenario);
    const cpu = (k) => (mine.some((r) => r.cpu[k] === null) ? null : median(mine.map((r) => r.cpu[k])));
    return {
      scenario,
      rate: median(mine.map((r) => r.rate)),
      minSecond: Math.min(...mine.map((r) => r.minSecond)),
      hubCpu: cpu('hub'),
      receiverCpu: cpu('receiver'),
      senderCpu: cpu('sender'),
      hubCpuPerDeliveryUs: mine.some((r) => r.hubCpuPerDeliveryUs === null)
        ? null
        : median(mine.map((r) => r.hubCpuPerDeliveryUs)),
      rates: mine.map((r) => Math.round(r.rate)),
    };
  };
  const ratios = (scenario, baseline) => of(scenario).map((r) => r.rate / byRound(baseline, r.round).rate);

  const bare = { ...base('bare'), ratio: null, roundRatios: null, target: null, pass: null, failures: [] };

  const alone = base('hub alone');
  const aloneRatios = ratios('hub alone', 'bare');
  const aloneFailures = alone.rate < TARGETS.throughput.minRate ? [`${alone.rate.toFixed(0)}/s < 1000/s`] : [];

  const isolated = base('hub + black hole');
  const isolatedRatios = ratios('hub + black hole', 'hub alone');
  const isolatedRatio = median(isolatedRatios);
  const isolatedFailures =
    isolatedRatio < TARGETS.isolation.minRatio
      ? [`${isolatedRatio.toFixed(2)}× of alone < ${TARGETS.isolation.minRatio.toFixed(2)}×`]
      : [];
  return [
    bare,
    {
      ...alone,
      ratio: median(aloneRatios),
      ratioOf: 'bare',
      roundRatios: aloneRatios,
      target: `≥ ${TARGETS.throughput.minRate.toLocaleString('en')}/s`,
      pass: aloneFailures.length === 0,
      failures: aloneFailures,
    },
    {
      ...isolated,
      ratio: isolatedRatio,
      ratioOf: 'hub alone',
      roundRatios: isolatedRatios,
      target: `≥ ${TARGETS.isolation.minRatio.toFixed(2)}× of alone`,
      pass: isolatedFailures.length === 0,
      failures: isolatedFailures,
    },
  ];
}

function renderThroughput(summary) {
  const header = [
    'scenario',
    'deliveries/s',
    'slowest 1 s',
    'hub CPU',
    'hub CPU µs/delivery',
    'receiver CPU',
    'sender CPU',
    'ratio',
    'target',
    'pass/fail',
  ];
  const rows = summary.map((s) => [
    s.scenario === 'bare' ? 'bare sender → receiver' : `${s.scenario} → receiver`,
    fmt(s.rate, 0),
    fmt(s.minSecond, 0),
    cpuText(s.hubCpu),
    s.hubCpuPerDeliveryUs === null || s.scenario === 'bare' ? '—' : fmt(s.hubCpuPerDeliveryUs, 0),
    cpuText(s.receiverCpu),
    cpuText(s.senderCpu),
    s.ratio === null ? '—' : `${s.ratio.toFixed(2)}× ${s.ratioOf}`,
    s.target ?? '—',
    s.pass === null ? '—' : s.pass ? 'pass' : 'FAIL',
  ]);
  return table(header, rows);
}

function renderLatency(latency) {
  const header = ['events', 'count', 'p50 ms', 'p99 ms', 'max ms', 'target', 'pass/fail'];
  const rows = latency.rows.map((s) => [
    s.scenario,
    String(s.count),
    fmt(s.p50, 1),
    fmt(s.p99, 1),
    fmt(s.max, 0),
    s.target ?? '—',
    s.pass === null ? '—' : s.pass ? 'pass' : 'FAIL',
  ]);
  const notes = [
    `${latency.arrived} of ${latency.expected} deliveries arrived, ${latency.duplicates} duplicates; ` +
      `the last arrived ${fmt(latency.drainSeconds, 1)} s after the last order was answered; ` +
      `POST /v1/verifications p50 ${fmt(latency.post.p50, 1)} ms, p99 ${fmt(latency.post.p99, 1)} ms`,
  ];
  return `${table(header, rows)}\n\n${notes.join('\n')}`;
}

/** The commit measured, and whether core/ had uncommitted changes (others may be editing it). */
function buildInfo() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'core') !== '';
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in core/' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

function nonNegative(text, flag) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number ≥ 0, got ${text}`);
  return n;
}

function percentile(xs, p) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

const cpuText = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`);

// Last, so every const above is initialised before it runs.
if (process.argv[2] === '--receiver') {
  serveReceiver();
} else if (process.argv[2] === '--black-hole') {
  serveBlackHole();
} else if (process.argv[2] === '--bare-sender') {
  runBareSender();
} else {
  await main();
}
