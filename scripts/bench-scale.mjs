#!/usr/bin/env node
// Scale-out benchmark (issue #10): orders/s and webhook deliveries/s with one, two and three `keybs serve`
// processes on one PostgreSQL database, and one process on SQLite as the baseline, measured in the same run.
//
//   npx tsc -b && node scripts/bench-scale.mjs
//   options: --duration S (10)  --connections N (24, split over the processes)  --processes 1,2,3
//            --drain-timeout S (180)
//
// Per scenario, a fresh database (SQLite: a new data dir; PostgreSQL: a new database on a server this script
// starts with scripts/pg-test-server.sh, PG_DURABLE=1: fsync on, synchronous_commit off, like SQLite's
// synchronous=NORMAL), then:
//   orders      autocannon against each process (the connections split evenly), POST /v1/verifications flat
//               out for --duration seconds; orders/s = 201 answers / seconds, p99 over all of them.
//   deliveries  once every order is decided (3 events each), one endpoint pointing at a receiver child process
//               and `POST /v1/webhooks/:id/replay` from the scenario's start: deliveries/s = the backlog / the
//               time until the receiver counted all of it (every process's dispatcher works the same queue).
// Every process, the PostgreSQL server, the receiver and autocannon share this machine's cores: the figures
// say what one machine allows, not what separate machines would. So the orders run also reports the CPU time
// the hubs and the PostgreSQL server (its postmaster's children) used per order, from /proc (Linux only).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  fmt,
  machineInfo,
  machineLine,
  orderBody,
  positive,
  ROOT,
  startChild,
  stopChild,
  table,
} from './bench-lib.mjs';

const SCRIPT = fileURLToPath(import.meta.url);

// The receiver: answers 200 at once and counts; tells its count over IPC.
function serveReceiver() {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-length': '0' }).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
  process.on('message', (msg) => {
    if (msg.cmd === 'reset') count = 0;
    process.send({ id: msg.id, count });
  });
  process.on('disconnect', () => process.exit(0));
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '24' },
      processes: { type: 'string', default: '1,2,3' },
      'drain-timeout': { type: 'string', default: '180' },
    },
  });
  const opts = {
    duration: positive(values.duration, '--duration'),
    connections: positive(values.connections, '--connections'),
    drainTimeout: positive(values['drain-timeout'], '--drain-timeout'),
    processes: values.processes.split(',').map((n) => positive(n, '--processes')),
  };
  const { default: autocannon } = await import('autocannon');
  const children = [];
  const dirs = [];
  let pgDir;
  const cleanup = async () => {
    await Promise.all(children.map(stopChild));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (pgDir) execFileSync('bash', [path.join(ROOT, 'scripts/pg-test-server.sh'), 'stop', pgDir]);
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const started = execFileSync('bash', [path.join(ROOT, 'scripts/pg-test-server.sh')], {
      env: { ...process.env, PG_DURABLE: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const serverUrl = started.trim();
    pgDir = execFileSync('psql', [serverUrl, '-Atc', 'SHOW data_directory'], { encoding: 'utf8' })
      .trim()
      .replace(/\/data$/, '');
    const pgVersion = execFileSync('psql', [serverUrl, '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim();
    const receiver = await startChild(children, 'receiver', [SCRIPT, '--receiver'], {}, true);
    const machine = machineInfo({ postgres: pgVersion });
    console.log('Scale-out: orders/s and deliveries/s by backend and number of hub processes');
    console.log(machineLine(machine));
    console.log(
      `orders: ${opts.duration} s flat out, ${opts.connections} connections split over the processes; ` +
        `deliveries: the orders' events replayed to one endpoint\n`,
    );

    const scenarios = [{ name: 'SQLite, 1 process', backend: 'sqlite', n: 1 }];
    for (const n of opts.processes)
      scenarios.push({ name: `PostgreSQL, ${n} process${n > 1 ? 'es' : ''}`, backend: 'pg', n });
    const results = [];
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, { opts, autocannon, children, dirs, serverUrl, receiver, pgDir });
      results.push(result);
      console.log(
        `${scenario.name}: ${fmt(result.ordersPerSecond, 0)} orders/s (p99 ${result.p99} ms), ` +
          `${fmt(result.deliveriesPerSecond, 0)} deliveries/s (${result.backlog} in ${fmt(result.drainSeconds, 1)} s)`,
      );
    }
    const base = results[0];
    console.log(
      `\n${table(
        ['scenario', 'orders/s', 'order p99 ms', 'vs SQLite', 'CPU ms/order hubs + PG', 'deliveries/s', 'vs SQLite'],
        results.map((r) => [
          r.name,
          fmt(r.ordersPerSecond, 0),
          String(r.p99),
          `${fmt(r.ordersPerSecond / base.ordersPerSecond, 2)}×`,
          `${fmt(r.cpuMsPerOrder.hubs, 2)} + ${fmt(r.cpuMsPerOrder.pg, 2)}`,
          fmt(r.deliveriesPerSecond, 0),
          `${fmt(r.deliveriesPerSecond / base.deliveriesPerSecond, 2)}×`,
        ]),
      )}`,
    );
  } finally {
    await cleanup();
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU seconds (user + system) used so far by each of `pids`, summed; a process gone counts 0. */
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** The PostgreSQL server's processes: its postmaster and the postmaster's children. */
function postgresPids(pgDir) {
  const postmaster = Number(readFileSync(path.join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children.map(Number)];
}

async function runScenario(scenario, { opts, autocannon, children, dirs, serverUrl, receiver, pgDir }) {
  const env = {
    KEYBS_RATE_LIMIT_PER_SECOND: '0',
    KEYBS_LOG_LEVEL: 'silent',
    KEYBS_ALLOW_PRIVATE_WEBHOOKS: '1',
    KEYBS_WEBHOOK_TIMEOUT_MS: '5000',
    KEYBS_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  let admin;
  let database;
  if (scenario.backend === 'pg') {
    database = `bench_scale_${scenario.n}_${Date.now()}`;
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    env.KEYBS_DATABASE_URL = url.toString();
  }
  const hubs = [];
  for (let i = 0; i < scenario.n; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-scale-'));
    dirs.push(dir);
    hubs.push(
      await startChild(children, `hub ${i}`, ['core/dist/cli/main.js', 'serve', '--port', '0', '--data-dir', dir], env),
    );
  }
  const key = hubs[0].key;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const since = new Date(Date.now() - 1000).toISOString();

  // Orders, flat out, on every process at once.
  const hubPids = hubs.map((h) => h.child.pid);
  const pgPids = scenario.backend === 'pg' ? postgresPids(pgDir) : [];
  const cpuBefore = { hubs: cpuSeconds(hubPids), pg: cpuSeconds(pgPids) };
  const per = Math.max(1, Math.round(opts.connections / scenario.n));
  const runs = await Promise.all(
    hubs.map(
      (hub) =>
        new Promise((resolve, reject) =>
          autocannon(
            {
              url: `${hub.url}/v1/verifications`,
              method: 'POST',
              headers,
              body: orderBody(1),
              connections: per,
              duration: opts.duration,
            },
            (error, result) => (error ? reject(error) : resolve(result)),
          ),
        ),
    ),
  );
  const created = runs.reduce((sum, r) => sum + r['2xx'], 0);
  // Backends that started during the run count whole (their CPU time is all from it).
  const pgAfter = scenario.backend === 'pg' ? cpuSeconds(postgresPids(pgDir)) : 0;
  const cpu = { hubs: cpuSeconds(hubPids) - cpuBefore.hubs, pg: pgAfter - cpuBefore.pg };
  const p99 = Math.max(...runs.map((r) => r.latency.p99));

  // Every order decided: its three events are in the log.
  for (;;) {
    const res = await fetch(`${hubs[0].url}/v1/verifications?status=in_progress&limit=1`, { headers });
    if ((await res.json()).data.length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }

  // Deliveries: the whole log replayed to one endpoint; every process's dispatcher takes from the queue.
  await receiver.ask({ cmd: 'reset' });
  const endpoint = await (
    await fetch(`${hubs[0].url}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `${receiver.url}/scale`, events: ['status_changed', 'decision_issued'] }),
    })
  ).json();
  const startedAt = performance.now();
  const replay = await fetch(`${hubs[0].url}/v1/webhooks/${endpoint.id}/replay`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ since }),
  });
  const { deliveries: backlog } = await replay.json();
  let count = 0;
  while (count < backlog && performance.now() - startedAt < opts.drainTimeout * 1000) {
    await new Promise((r) => setTimeout(r, 50));
    count = (await receiver.ask({ cmd: 'count' })).count;
  }
  const drainSeconds = (performance.now() - startedAt) / 1000;

  for (const hub of hubs) await stopChild(hub.child);
  if (admin) {
    await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await admin.end();
  }
  return {
    name: scenario.name,
    cpuMsPerOrder: { hubs: (cpu.hubs * 1000) / created, pg: (cpu.pg * 1000) / created },
    ordersPerSecond: created / opts.duration,
    p99,
    backlog,
    drainSeconds,
    deliveriesPerSecond: count / drainSeconds,
  };
}

if (process.argv[2] === '--receiver') serveReceiver();
else await main();
