#!/usr/bin/env node
// API throughput benchmark (issue #2): the hub against a bare Express app, both as child processes,
// driven by autocannon from this process. Scenarios alternate (bare GET, hub GET, bare POST, hub POST,
// repeated --rounds times) so machine noise hits both sides; the table shows the median of the rounds.
//
//   npm run bench                      # tsc -b, then this script
//   node scripts/bench-api.mjs [--duration S] [--rounds N] [--connections N] [--warmup S] [--json FILE]
//
// The hub runs with KEYBS_RATE_LIMIT_PER_SECOND=0 (the per-key rate limit would otherwise refuse most
// requests); every other setting is the default. Its JSON logs go to /dev/null. Exits 0 whether or not
// the targets are met.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  fmt,
  GB_ORDER,
  machineInfo,
  machineLine,
  median,
  orderBody,
  pad,
  positive,
  ROOT,
  startChild,
  stopChild,
  table,
  verdictLine,
} from './bench-lib.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);

const SEED_ORDERS = 50;

const TARGETS = {
  'hub GET': { baseline: 'bare GET', minRatio: 0.6 },
  'hub GET open': { baseline: 'bare GET', minRatio: 0.6 },
  'hub POST': { baseline: 'bare POST', minRatio: 0.35, maxP99: 50 },
};

// ---------------------------------------------------------------------------------------------------
// The bare Express app: express.json(), a GET and a POST answering verification-shaped JSON of the same
// size as the hub's (about 1.6 KB for a completed verification, 0.7 KB for a new order).

async function serveBaseline() {
  const { default: express } = await import(
    pathToFileURL(require.resolve('express', { paths: [path.join(ROOT, 'core')] })).href
  );
  const app = express();
  app.use(express.json());
  app.get('/v1/verifications/:id', (req, res) => {
    res.json(completedVerification(req.params.id));
  });
  app.post('/v1/verifications', (req, res) => {
    res.status(201).json(newVerification('KBS-VR-2026-000001', req.body));
  });
  const server = app.listen(0, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  server.keepAliveTimeout = 65_000;
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

function newVerification(id, body) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    verification_id: id,
    object: 'verification',
    status: 'in_progress',
    supplier: body.supplier,
    country_code: body.country_code,
    registration_id: body.registration_id,
    package: body.package,
    external_ref: null,
    metadata: {},
    beneficiaries: [],
    webhook_url: null,
    livemode: false,
    country_tier: 1,
    estimated_sla: 'PT15M',
    due_at: now,
    confidence: null,
    assigned_reviewer: null,
    checks: ['identifier', 'registry'].map((type) => ({
      type,
      status: 'pending',
      outcome: null,
      summary: null,
      findings: null,
      attempts: 0,
      completed_at: null,
    })),
    decision: null,
    created_at: now,
    updated_at: now,
  };
}

function completedVerification(id) {
  const v = newVerification(id, { supplier: 'Bench Supplier 1 Ltd', ...GB_ORDER });
  const at = v.created_at;
  return {
    ...v,
    status: 'completed',
    confidence: 0.65,
    checks: [
      {
        type: 'identifier',
        status: 'completed',
        outcome: 'valid',
        summary: 'Registration id is a well-formed Companies House company number.',
        findings: { format: 'Companies House company number', normalized: '09446231' },
        attempts: 1,
        completed_at: at,
      },
      {
        type: 'registry',
        status: 'completed',
        outcome: 'active',
        summary: 'KeyBS simulated registry (test mode) reports Bench Supplier 1 Ltd (09446231) as active.',
        findings: {
          provider: 'KeyBS simulated registry (test mode)',
          legal_name: 'Bench Supplier 1 Ltd',
          registration_id: '09446231',
          incorporated_on: null,
          address: null,
          owners: null,
        },
        attempts: 1,
        completed_at: at,
      },
    ],
    decision: {
      verification_id: id,
      status: 'completed',
      trust_score: 100,
      risk_band: 'low',
      confidence: 0.65,
      country_tier: 1,
      registry_status: 'active',
      sanctions_status: null,
      document_score: null,
      beneficiary: 'not_provided',
      analyst: null,
      recommendation: 'proceed_with_controls',
      signed_at: at,
      report_url: `http://127.0.0.1:8080/profile/${id}`,
      supplier: 'Bench Supplier 1 Ltd',
      country_code: 'GB',
      registration_id: '09446231',
      external_ref: null,
      livemode: false,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The driver.

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '2' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'node scripts/bench-api.mjs [--duration S=10] [--rounds N=3] [--connections N=50] [--warmup S=2] [--json FILE]',
    );
    return;
  }
  const opts = {
    duration: positive(values.duration, '--duration'),
    rounds: positive(values.rounds, '--rounds'),
    connections: positive(values.connections, '--connections'),
    warmup: Number(values.warmup),
  };
  const { default: autocannon } = await import('autocannon');
  const machine = machineInfo({ autocannon: version('autocannon'), express: version('express') });
  console.log(
    `KeyBS Hub API benchmark: ${opts.connections} connections, ${opts.duration} s per run, ` +
      `${opts.warmup} s warm-up, ${opts.rounds} rounds`,
  );
  console.log(machineLine(machine));
  console.log('hub: KEYBS_RATE_LIMIT_PER_SECOND=0, other settings default, logs to /dev/null\n');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-'));
  const children = [];
  const stopAll = () => Promise.all(children.map(stopChild));
  process.once('SIGINT', () => stopAll().finally(() => process.exit(130)));
  try {
    const hub = await startChild(
      children,
      'hub',
      [path.join(ROOT, 'core/dist/cli/main.js'), 'serve', '--port', '0', '--data-dir', dataDir],
      { KEYBS_RATE_LIMIT_PER_SECOND: '0' },
    );
    const bare = await startChild(children, 'bare', [SCRIPT, '--baseline-server'], {});
    if (!hub.key) throw new Error('the hub printed no test key (is the data dir fresh?)');
    const auth = { authorization: `Bearer ${hub.key}` };

    const ids = await seedOrders(hub.url, auth);
    // Enhanced orders wait for an analyst: polling them always reads the database (final ones are cached).
    const openIds = await seedOrders(hub.url, auth, 'enhanced');
    await hubIdle(hub.url, auth);
    // Fresh objects per run: autocannon caches each request's bytes (Host header included) on them.
    const getRequests = () => ids.map((id) => ({ method: 'GET', path: `/v1/verifications/${id}` }));
    const getOpenRequests = () => openIds.map((id) => ({ method: 'GET', path: `/v1/verifications/${id}` }));
    let seq = 0;
    const postRequests = () => [
      {
        method: 'POST',
        path: '/v1/verifications',
        setupRequest: (req) => {
          const n = ++seq;
          return { ...req, headers: { ...req.headers, 'idempotency-key': `bench-${n}` }, body: orderBody(n) };
        },
      },
    ];
    const postHeaders = { ...auth, 'content-type': 'application/json' };
    // The same requests go to both servers, so autocannon's own cost is the same on both sides.
    const scenarios = [
      { name: 'bare GET', url: bare.url, headers: auth, requests: getRequests },
      { name: 'hub GET', url: hub.url, headers: auth, requests: getRequests },
      { name: 'hub GET open', url: hub.url, headers: auth, requests: getOpenRequests },
      { name: 'bare POST', url: bare.url, headers: postHeaders, requests: postRequests },
      { name: 'hub POST', url: hub.url, headers: postHeaders, requests: postRequests },
    ];

    const runs = [];
    const fire = (scenario, duration) =>
      autocannon({
        url: scenario.url,
        connections: opts.connections,
        duration,
        headers: scenario.headers,
        requests: scenario.requests(),
      });
    for (let round = 1; round <= opts.rounds; round++) {
      for (const scenario of scenarios) {
        // The hub's check worker finishes the orders of the last POST run in the background; let it, so
        // it does not steal CPU from the next measurement (of either server).
        const drained = await hubIdle(hub.url, auth);
        if (opts.warmup > 0) {
          await fire(scenario, opts.warmup);
          await hubIdle(hub.url, auth);
        }
        const r = await fire(scenario, opts.duration);
        const run = {
          round,
          scenario: scenario.name,
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          requests: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
          hubDrainSeconds: drained,
        };
        runs.push(run);
        console.log(
          `round ${round}  ${pad(run.scenario, 10)} ${fmt(run.rps, 0, 7)} rps  p50 ${fmt(run.p50, 0, 3)} ms  ` +
            `p99 ${fmt(run.p99, 0, 3)} ms  non-2xx ${run.non2xx}  errors ${run.errors}`,
        );
      }
    }

    const summary = summarize(runs, scenarios);
    console.log(
      `\nMedian of ${opts.rounds} rounds (${opts.duration} s each, ${opts.connections} connections); ` +
        'ratio = median of the per-round ratios hub / bare:\n',
    );
    console.log(renderTable(summary));
    console.log(verdictLine(summary));
    if (values.json) {
      writeFileSync(values.json, `${JSON.stringify({ machine, options: opts, summary, runs }, null, 2)}\n`);
      console.log(`results written to ${values.json}`);
    }
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Orders the verifications a GET scenario polls, and returns their ids. */
async function seedOrders(url, auth, pkg = 'basic') {
  const ids = [];
  for (let n = 1; n <= SEED_ORDERS; n++) {
    const res = await fetch(`${url}/v1/verifications`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-seed-${pkg}-${n}` },
      body: JSON.stringify({ ...JSON.parse(orderBody(n)), package: pkg }),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`seed order ${n}: ${res.status} ${JSON.stringify(body)}`);
    ids.push(body.verification_id);
  }
  return ids;
}

/** Waits until the hub has no verification in progress; returns the seconds waited. */
async function hubIdle(url, auth) {
  const started = performance.now();
  for (;;) {
    const res = await fetch(`${url}/v1/verifications?status=in_progress&limit=1`, { headers: auth });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`listing in-progress verifications: ${res.status} ${JSON.stringify(body)}`);
    const waited = (performance.now() - started) / 1000;
    if (body.data.length === 0) return Math.round(waited * 10) / 10;
    if (waited > 300) throw new Error('the hub still has verifications in progress after 300 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---------------------------------------------------------------------------------------------------
// Results.

function summarize(runs, scenarios) {
  const medians = new Map();
  for (const { name } of scenarios) {
    const mine = runs.filter((r) => r.scenario === name);
    medians.set(name, {
      scenario: name,
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      worstP99: Math.max(...mine.map((r) => r.p99)),
      non2xx: sum(mine.map((r) => r.non2xx)),
      errors: sum(mine.map((r) => r.errors)),
      rounds: mine.length,
    });
  }
  return [...medians.values()].map((s) => {
    const target = TARGETS[s.scenario];
    if (!target) return { ...s, ratio: null, roundRatios: null, target: null, pass: null, failures: [] };
    // Each hub run is divided by the bare run just before it, then the median taken: pairing runs that
    // are seconds apart cancels most of the drift of a shared machine.
    const hub = runs.filter((r) => r.scenario === s.scenario);
    const bare = runs.filter((r) => r.scenario === target.baseline);
    const roundRatios = hub.map((h) => h.rps / (bare.find((b) => b.round === h.round)?.rps ?? Number.NaN));
    const ratio = median(roundRatios);
    const failures = [];
    if (ratio < target.minRatio) failures.push(`ratio ${ratio.toFixed(2)} < ${target.minRatio}`);
    if (target.maxP99 !== undefined && s.p99 > target.maxP99)
      failures.push(`p99 ${s.p99.toFixed(0)} ms > ${target.maxP99} ms`);
    if (s.non2xx + s.errors > 0) failures.push(`${s.non2xx} non-2xx, ${s.errors} errors`);
    const text = [`≥ ${target.minRatio.toFixed(2)}×`];
    if (target.maxP99 !== undefined) text.push(`p99 ≤ ${target.maxP99} ms`);
    text.push('no errors');
    return { ...s, ratio, roundRatios, target: text.join(', '), pass: failures.length === 0, failures };
  });
}

function renderTable(summary) {
  const header = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'non-2xx/errors', 'ratio vs bare', 'target', 'pass/fail'];
  const rows = summary.map((s) => [
    s.scenario,
    fmt(s.rps, 0),
    fmt(s.p50, 0),
    fmt(s.p99, 0),
    `${s.non2xx}/${s.errors}`,
    s.ratio === null ? '—' : `${s.ratio.toFixed(2)}×`,
    s.target ?? '—',
    s.pass === null ? '—' : s.pass ? 'pass' : 'FAIL',
  ]);
  return table(header, rows);
}

/** The version of a package as core/ resolves it (recorded with the machine facts). */
function version(pkg) {
  return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`, { paths: [path.join(ROOT, 'core')] }), 'utf8'))
    .version;
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// Last, so every const above is initialised before it runs.
if (process.argv[2] === '--baseline-server') {
  await serveBaseline();
} else {
  await main();
}
