#!/usr/bin/env node
// Plugin benchmark (issue #6), every figure against a baseline measured in the same run:
//
// 1. Gate check: POST /v1/po-gate/check (procurement gate plugin: a lookup by external_ref plus an audit-log
//    write) against GET /v1/verifications/:id on the same hub, at a fixed rate (latency, target p99 ≤ 5 ms) and
//    flat out (throughput); scenarios alternate over --rounds.
// 2. Salesforce sync: --decisions decided verifications are made on a hub without plugins; then, per round, a
//    copy of that data dir starts with the Salesforce plugin (pointed at the tests' Salesforce fake, in a child
//    process, --org-latency ms per call) and the time until every Account is written is measured (target ≤ 60 s),
//    while GET /v1/verifications/:id runs at a fixed --rate; the same load on another copy without the plugin,
//    for as long, is the baseline (target: p50 and p99 within 10 %).
//
//   npx tsc -b && node scripts/bench-plugins.mjs
//   options: --decisions N (10000)  --rounds N (3)  --duration S (5)  --connections N (10)  --rate R (500)
//            --gate-rate R (200)  --org-latency MS (50)  --only gate|sync
//            --seed-dir DIR (make the sync's decided data dir once and keep it there for later runs)

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  fmt,
  machineInfo,
  machineLine,
  median,
  positive,
  startChild,
  stopChild,
  table,
  verdictLine,
} from './bench-lib.mjs';
import { allDecided, headers, load, orderMany, pacedLoad, percentile, startHub } from './bench-plugins-lib.mjs';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    'gate-rate': { type: 'string', default: '200' },
    'org-latency': { type: 'string', default: '50' },
    pace: { type: 'string', default: '500' },
    only: { type: 'string' },
    'seed-dir': { type: 'string' },
  },
});
const { only, 'seed-dir': seedDir, pace, ...numbers } = values;
if (only !== undefined && only !== 'gate' && only !== 'sync') throw new Error('--only is gate or sync');
const opts = Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, positive(v, `--${k}`)]));
opts.pace = pace === '0' ? 0 : positive(pace, '--pace');
const { default: autocannon } = await import('autocannon');
const GATE = '@keybs/connector-procurement-gate';
const SALESFORCE = '@keybs/connector-salesforce';
const accountId = (n) => `001${String(n).padStart(12, '0')}AAA`;

const children = [];
const dirs = [];
const tempDir = (label) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `keybs-bench-${label}-`));
  dirs.push(d);
  return d;
};
const summaries = [];

async function gateBenchmark() {
  const hub = await startHub(children, tempDir('gate'), [{ package: GATE, config: { threshold: 0.5 } }]);
  const ids = await orderMany(hub, 50, (n) => ({ external_ref: `SUP-${n}` }));
  await allDecided(hub, ids);
  const common = { key: hub.key, connections: opts.connections, duration: opts.duration };
  const scenarios = {
    'GET verification (baseline)': { url: `${hub.url}/v1/verifications/${ids[7]}` },
    'POST po-gate/check': {
      url: `${hub.url}/v1/po-gate/check`,
      method: 'POST',
      body: JSON.stringify({ external_ref: 'SUP-7', order_ref: 'PO-1' }),
    },
  };
  const runs = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const [mode, rate] of [
      [`at ${opts['gate-rate']} req/s`, opts['gate-rate']],
      ['flat out', undefined],
    ]) {
      for (const [scenario, request] of Object.entries(scenarios)) {
        // A fixed rate is paced (open loop); flat out is autocannon with its connections.
        const r = rate
          ? await pacedLoad({ ...common, ...request, rate })
          : await load(autocannon, { ...common, ...request, rate });
        runs.push({ scenario, mode, ...r });
        console.log(
          `round ${round}  ${mode.padEnd(14)} ${scenario.padEnd(28)} ${fmt(r.rps, 0, 6)} rps  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`,
        );
      }
    }
  }
  await stopChild(hub.child);
  const rows = [];
  const baseRps = median(runs.filter((r) => r.mode === 'flat out' && r.scenario.startsWith('GET')).map((r) => r.rps));
  for (const mode of [...new Set(runs.map((r) => r.mode))]) {
    for (const scenario of Object.keys(scenarios)) {
      const mine = runs.filter((r) => r.mode === mode && r.scenario === scenario);
      // Medians of an even count of rounds are means of two: rounded to 0.01 ms.
      const p99 = Math.round(100 * median(mine.map((r) => r.p99))) / 100;
      const rps = median(mine.map((r) => r.rps));
      const gated = scenario.startsWith('POST') && mode !== 'flat out';
      const failures = gated && p99 > 5 ? [`p99 ${p99} ms > 5 ms`] : [];
      if (gated) summaries.push({ scenario: `gate check ${mode}`, pass: failures.length === 0, failures });
      const nonOk = mine.reduce((s, r) => s + r.non2xx + r.errors, 0);
      rows.push([
        mode,
        scenario,
        fmt(rps, 0),
        String(Math.round(100 * median(mine.map((r) => r.p50))) / 100),
        String(p99),
        String(nonOk),
        mode === 'flat out' ? `${fmt(rps / baseRps, 2)}×` : '',
        gated ? (failures.length ? 'FAIL (≤ 5 ms)' : 'pass (≤ 5 ms)') : '',
      ]);
    }
  }
  console.log(
    `\n${table(['load', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs GET', 'target p99'], rows)}\n`,
  );
}

// A data dir holding --decisions decided verifications (each naming an Account), its API key and the ids. With
// --seed-dir DIR it is made once and kept there, so runs after the first skip the minutes it takes.
async function decidedDataDir() {
  const saved = seedDir && path.join(seedDir, 'bench-seed.json');
  if (saved && existsSync(saved)) {
    const seed = JSON.parse(readFileSync(saved, 'utf8'));
    if (seed.ids.length === opts.decisions) {
      console.log(`using the ${opts.decisions} decisions of ${seedDir}`);
      return { base: path.join(seedDir, 'data'), ...seed };
    }
  }
  const base = seedDir ? path.join(seedDir, 'data') : tempDir('sync');
  if (seedDir) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
  }
  const hub = await startHub(children, base, null);
  console.log(`making ${opts.decisions} decisions…`);
  const ids = await orderMany(hub, opts.decisions, (n) => ({ metadata: { salesforce_account_id: accountId(n) } }));
  await allDecided(hub, ids);
  await stopChild(hub.child);
  if (saved) writeFileSync(saved, JSON.stringify({ key: hub.key, ids }));
  return { base, key: hub.key, ids };
}

// CPU seconds a child process has used so far (Linux /proc; null elsewhere).
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

async function syncBenchmark() {
  const org = await startChild(
    children,
    'org',
    ['scripts/bench-plugins-org.mjs'],
    { ORG_LATENCY_MS: String(opts['org-latency']) },
    true,
  );
  const { base, key, ids } = await decidedDataDir();
  const plugin = {
    package: SALESFORCE,
    config: { instanceUrl: org.url, apiVersion: '62.0', accessToken: '00Dfake!static-token' },
    // Paced so the backlog takes little CPU at a time (10,000 decisions in 20 s at 500/s); --pace 0: no limit.
    maxEventsPerSecond: opts.pace,
  };
  const target = `/v1/verifications/${ids[0]}`;
  const accounts = ids.map((_, n) => accountId(n));

  // One window of the fixed-rate GET load on a fresh copy of the data dir. With the plugin it lasts until every
  // Account is written (and at least --duration s); the baseline lasts `seconds`, and meanwhile the org answers
  // as many Collections calls as the sync made (the bench sends them), so both windows carry the same processes
  // doing the same work apart from the hub itself.
  async function syncWindow(withPlugin, seconds, calls) {
    await org.ask({ type: 'seed', ids: accounts });
    const dir = tempDir(withPlugin ? 'sync-plugin' : 'sync-bare');
    cpSync(base, dir, { recursive: true });
    const hub = await startHub(children, dir, withPlugin ? [plugin] : null, key);
    const started = Date.now();
    const cpu0 = cpuSeconds(hub.child.pid);
    const orgCpu0 = (await org.ask({ type: 'cpu' })).seconds;
    let synced;
    let took;
    const done = (async () => {
      for (;;) {
        synced = await org.ask({ type: 'synced' });
        took = (Date.now() - started) / 1000;
        if (withPlugin ? synced.synced >= opts.decisions : took >= seconds) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    if (!withPlugin) void org.ask({ type: 'replay', calls, seconds });
    const window = Promise.all([done, new Promise((r) => setTimeout(r, opts.duration * 1000))]);
    const load = await pacedLoad({ url: hub.url + target, key, rate: opts.rate, duration: 600, stopWhen: window });
    await done;
    const cpu = cpu0 === null ? null : cpuSeconds(hub.child.pid) - cpu0;
    const orgCpu = (await org.ask({ type: 'cpu' })).seconds - orgCpu0;
    const status = withPlugin
      ? (await (await fetch(`${hub.url}/v1/plugins`, { headers: headers(key) })).json()).data[0]
      : undefined;
    await stopChild(hub.child);
    return { load, seconds: took, synced, status, cpu, orgCpu };
  }

  const runs = [];
  let seconds = 20;
  let calls = Math.ceil(opts.decisions / 200);
  for (let round = 1; round <= opts.rounds; round++) {
    // The order alternates, so a machine that gets busier or quieter during the run favours neither side.
    const pluginFirst = round % 2 === 1;
    const first = await syncWindow(pluginFirst, seconds, calls);
    if (pluginFirst)
      ({
        seconds,
        synced: { calls },
      } = first);
    const second = await syncWindow(!pluginFirst, seconds, calls);
    const [during, bare] = pluginFirst ? [first, second] : [second, first];
    ({
      seconds,
      synced: { calls },
    } = during);
    runs.push({ seconds: during.seconds, during: during.load, bare: bare.load, synced: during.synced });
    const cpu = (w) => `${w.cpu === null ? '' : `, hub ${fmt(w.cpu, 1)} CPU-s`}, org ${fmt(w.orgCpu, 2)} CPU-s`;
    console.log(
      `round ${round}  synced ${during.synced.synced} in ${fmt(during.seconds, 1)} s (${during.synced.calls} calls, ` +
        `largest ${during.synced.largest}, dead letters ${during.status.dead_letters})  API p50/p99 ` +
        `${during.load.p50}/${during.load.p99} ms with the plugin${cpu(during)}; ` +
        `${bare.load.p50}/${bare.load.p99} ms without${cpu(bare)}`,
    );
  }
  const m = (f) => Math.round(100 * median(runs.map(f))) / 100;
  const syncSeconds = m((r) => r.seconds);
  // Latency over every round's requests together: a round's p99 rests on its ~100 slowest requests, so one
  // round with a busy neighbour moves it; the pooled figure is steadier, and each side gets the same treatment.
  const pooled = (side) => runs.flatMap((r) => r[side].latencies).sort((a, b) => a - b);
  const [withPlugin, without] = [pooled('during'), pooled('bare')];
  const [p50, p99, bp50, bp99] = [
    percentile(withPlugin, 0.5),
    percentile(withPlugin, 0.99),
    percentile(without, 0.5),
    percentile(without, 0.99),
  ];
  const syncFail = syncSeconds > 60 ? [`${fmt(syncSeconds, 1)} s > 60 s`] : [];
  const latFail = [];
  if (p50 > bp50 * 1.1) latFail.push(`p50 ${p50} ms vs ${bp50} ms`);
  if (p99 > bp99 * 1.1) latFail.push(`p99 ${p99} ms vs ${bp99} ms`);
  summaries.push({ scenario: `${opts.decisions} decisions synced`, pass: syncFail.length === 0, failures: syncFail });
  summaries.push({ scenario: 'API latency with the plugin', pass: latFail.length === 0, failures: latFail });
  const last = runs.at(-1);
  console.log(
    `\n${table(
      ['measure', 'with the Salesforce plugin', 'without (baseline)', 'target', 'pass/fail'],
      [
        [
          `${opts.decisions} decisions → Salesforce`,
          `${fmt(syncSeconds, 1)} s (${last.synced.calls} calls, ≤ ${last.synced.largest} records)`,
          '',
          '≤ 60 s',
          syncFail.length ? 'FAIL' : 'pass',
        ],
        [
          `API GET p50 at ${opts.rate} req/s (all rounds)`,
          `${p50} ms`,
          `${bp50} ms`,
          '≤ +10 %',
          p50 > bp50 * 1.1 ? 'FAIL' : 'pass',
        ],
        [
          `API GET p99 at ${opts.rate} req/s (all rounds)`,
          `${p99} ms`,
          `${bp99} ms`,
          '≤ +10 %',
          p99 > bp99 * 1.1 ? 'FAIL' : 'pass',
        ],
        ['API GET p99, median of rounds', `${m((r) => r.during.p99)} ms`, `${m((r) => r.bare.p99)} ms`, '', ''],
        [
          'API non-2xx / errors',
          String(m((r) => r.during.non2xx + r.during.errors)),
          String(m((r) => r.bare.non2xx + r.bare.errors)),
          '0',
          '',
        ],
      ],
    )}`,
  );
  await stopChild(org.child);
}

try {
  console.log(`# Plugin benchmark\n${machineLine(machineInfo())}\n`);
  console.log(`options: ${JSON.stringify(opts)}\n`);
  if (only !== 'sync') await gateBenchmark();
  if (only !== 'gate') await syncBenchmark();
  console.log(verdictLine(summaries));
} finally {
  await Promise.all(children.map((c) => stopChild(c.child ?? c)));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
