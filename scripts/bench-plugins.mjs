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

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
import { allDecided, headers, load, orderMany, pacedLoad, startHub } from './bench-plugins-lib.mjs';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    'gate-rate': { type: 'string', default: '200' },
    'org-latency': { type: 'string', default: '50' },
    only: { type: 'string' },
  },
});
const { only, ...numbers } = values;
if (only !== undefined && only !== 'gate' && only !== 'sync') throw new Error('--only is gate or sync');
const opts = Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, positive(v, `--${k}`)]));
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
      const p99 = median(mine.map((r) => r.p99));
      const rps = median(mine.map((r) => r.rps));
      const gated = scenario.startsWith('POST') && mode !== 'flat out';
      const failures = gated && p99 > 5 ? [`p99 ${p99} ms > 5 ms`] : [];
      if (gated) summaries.push({ scenario: `gate check ${mode}`, pass: failures.length === 0, failures });
      const nonOk = mine.reduce((s, r) => s + r.non2xx + r.errors, 0);
      rows.push([
        mode,
        scenario,
        fmt(rps, 0),
        String(median(mine.map((r) => r.p50))),
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

async function syncBenchmark() {
  const org = await startChild(
    children,
    'org',
    ['scripts/bench-plugins-org.mjs'],
    { ORG_LATENCY_MS: String(opts['org-latency']) },
    true,
  );
  const base = tempDir('sync');
  let hub = await startHub(children, base, null);
  const key = hub.key;
  console.log(`making ${opts.decisions} decisions…`);
  const ids = await orderMany(hub, opts.decisions, (n) => ({ metadata: { salesforce_account_id: accountId(n) } }));
  await allDecided(hub, ids);
  await stopChild(hub.child);
  const plugin = {
    package: SALESFORCE,
    config: { instanceUrl: org.url, apiVersion: '62.0', accessToken: '00Dfake!static-token' },
    // Paced so the backlog does not take the CPU from the API (10,000 decisions in 20 s).
    maxEventsPerSecond: 500,
  };
  const target = `/v1/verifications/${ids[0]}`;
  const runs = [];
  for (let round = 1; round <= Math.min(opts.rounds, 2); round++) {
    await org.ask({ type: 'seed', ids: ids.map((_, n) => accountId(n)) });
    const withDir = tempDir('sync-plugin');
    const withoutDir = tempDir('sync-bare');
    cpSync(base, withDir, { recursive: true });
    cpSync(base, withoutDir, { recursive: true });

    hub = await startHub(children, withDir, [plugin], key);
    const started = Date.now();
    let synced;
    let seconds;
    const done = (async () => {
      for (;;) {
        synced = await org.ask({ type: 'synced' });
        seconds = (Date.now() - started) / 1000;
        if (synced.synced >= opts.decisions) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // The load runs until every Account is written, and at least --duration seconds (the same window as the
    // baseline's, hub start included in both).
    const window = Promise.all([done, new Promise((r) => setTimeout(r, opts.duration * 1000))]);
    const during = await pacedLoad({
      url: hub.url + target,
      key,
      rate: opts.rate,
      duration: 600,
      stopWhen: window,
    });
    await done;
    const status = (await (await fetch(`${hub.url}/v1/plugins`, { headers: headers(key) })).json()).data[0];
    await stopChild(hub.child);

    hub = await startHub(children, withoutDir, null, key);
    const bare = await pacedLoad({
      url: hub.url + target,
      key,
      rate: opts.rate,
      duration: Math.max(3, Math.round(during.seconds)),
    });
    await stopChild(hub.child);
    runs.push({ seconds, during, bare, synced, status });
    console.log(
      `round ${round}  synced ${synced.synced} in ${fmt(seconds, 1)} s (${synced.calls} calls, largest ${synced.largest}, dead letters ${status.dead_letters})  ` +
        `API p50/p99 ${during.p50}/${during.p99} ms with the plugin, ${bare.p50}/${bare.p99} ms without`,
    );
  }
  const m = (f) => Math.round(100 * median(runs.map(f))) / 100;
  const seconds = m((r) => r.seconds);
  const [p50, p99, bp50, bp99] = [
    m((r) => r.during.p50),
    m((r) => r.during.p99),
    m((r) => r.bare.p50),
    m((r) => r.bare.p99),
  ];
  const syncFail = seconds > 60 ? [`${fmt(seconds, 1)} s > 60 s`] : [];
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
          `${fmt(seconds, 1)} s (${last.synced.calls} calls, ≤ ${last.synced.largest} records)`,
          '',
          '≤ 60 s',
          syncFail.length ? 'FAIL' : 'pass',
        ],
        [`API GET p50 at ${opts.rate} req/s`, `${p50} ms`, `${bp50} ms`, '≤ +10 %', p50 > bp50 * 1.1 ? 'FAIL' : 'pass'],
        [`API GET p99 at ${opts.rate} req/s`, `${p99} ms`, `${bp99} ms`, '≤ +10 %', p99 > bp99 * 1.1 ? 'FAIL' : 'pass'],
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
