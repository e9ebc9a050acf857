#!/usr/bin/env node
// Signed-report benchmark (issue #5). Two parts, both against figures measured in the same run:
//
// 1. Generation, in this process, on real dossiers fetched from a running hub: the full report (PDF
//    rendering + SHA-256 + Ed25519 JWS over the dossier) against the JWS alone (the baseline), per report,
//    with the PDF and JSON sizes.
// 2. Fetch latency, with autocannon against the hub as a child process: GET report (JSON), GET report (PDF),
//    and the plain GET of the verification as the baseline; scenarios alternate over --rounds.
//
//   npm run bench:reports
//   node scripts/bench-reports.mjs [--reports N] [--duration S] [--rounds N] [--connections N]

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  fmt,
  machineInfo,
  machineLine,
  median,
  orderBody,
  positive,
  ROOT,
  startChild,
  stopChild,
  table,
} from './bench-lib.mjs';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '200' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
  },
});
const opts = {
  reports: positive(values.reports, '--reports'),
  duration: positive(values.duration, '--duration'),
  rounds: positive(values.rounds, '--rounds'),
  connections: positive(values.connections, '--connections'),
};

const dist = (file) => pathToFileURL(path.join(ROOT, 'core', 'dist', file)).href;
const { renderReportPdf } = await import(dist('reports/pdf.js'));
const { CompactSign, generateKeyPair } = await import('jose');
const { default: autocannon } = await import('autocannon');

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const children = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-reports-'));
try {
  const machine = machineInfo();
  console.log(`# Report benchmark\n${machineLine(machine)}\n`);
  const hub = await startChild(
    children,
    'hub',
    ['core/dist/cli/main.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      KEYBS_RATE_LIMIT_PER_SECOND: '0',
      KEYBS_LOG_LEVEL: 'silent',
    },
  );
  const auth = { authorization: `Bearer ${hub.key}`, 'content-type': 'application/json' };
  const ids = [];
  for (let n = 0; n < opts.reports; n++) {
    const res = await fetch(`${hub.url}/v1/verifications`, { method: 'POST', headers: auth, body: orderBody(n) });
    ids.push((await res.json()).verification_id);
  }
  // Wait until every report is issued (the hub issues each right after its decision).
  const reports = [];
  for (const id of ids) {
    for (;;) {
      const res = await fetch(`${hub.url}/v1/verifications/${id}/report`, { headers: auth });
      if (res.status === 200) {
        reports.push(await res.json());
        break;
      }
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // 1. Generation.
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const sign = (text) =>
    new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg: 'EdDSA', kid: 'bench' }).sign(privateKey);
  const full = [];
  const jwsOnly = [];
  const pdfBytes = [];
  const jsonBytes = [];
  for (const { dossier } of reports) {
    const { pdf_sha256: _, ...unsigned } = dossier;
    let t = process.hrtime.bigint();
    const pdf = await renderReportPdf(unsigned);
    const sha = createHash('sha256').update(pdf).digest('hex');
    const text = JSON.stringify({ ...unsigned, pdf_sha256: sha });
    await sign(text);
    full.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await sign(JSON.stringify(dossier));
    jwsOnly.push(Number(process.hrtime.bigint() - t) / 1e6);
    pdfBytes.push(pdf.length);
    jsonBytes.push(text.length);
  }
  console.log(
    table(
      ['generation (per report)', 'median ms', 'p99 ms', 'vs JWS only'],
      [
        ['JWS only (baseline)', fmt(median(jwsOnly), 2), fmt(percentile(jwsOnly, 99), 2), '1.0×'],
        [
          'PDF + SHA-256 + JWS',
          fmt(median(full), 2),
          fmt(percentile(full, 99), 2),
          `${fmt(median(full) / median(jwsOnly), 0)}×`,
        ],
      ],
    ),
  );
  console.log(
    `\nsizes over ${reports.length} reports: PDF median ${fmt(median(pdfBytes) / 1024, 1)} KiB ` +
      `(max ${fmt(Math.max(...pdfBytes) / 1024, 1)}), signed dossier median ${fmt(median(jsonBytes) / 1024, 1)} KiB\n`,
  );

  // 2. Fetch latency.
  const id = ids[0];
  const scenarios = [
    { name: 'GET verification (baseline)', path: `/v1/verifications/${id}`, accept: 'application/json' },
    { name: 'GET report JSON', path: `/v1/verifications/${id}/report`, accept: 'application/json' },
    { name: 'GET report PDF', path: `/v1/verifications/${id}/report`, accept: 'application/pdf' },
  ];
  const runs = new Map(scenarios.map((s) => [s.name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const s of scenarios) {
      const r = await autocannon({
        url: hub.url + s.path,
        connections: opts.connections,
        duration: opts.duration,
        headers: { authorization: auth.authorization, accept: s.accept },
      });
      runs.get(s.name).push({ rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx });
    }
  }
  const base = median(runs.get(scenarios[0].name).map((r) => r.rps));
  console.log(
    table(
      ['fetch', 'req/s', 'p99 ms', 'vs baseline req/s', 'non-2xx'],
      scenarios.map((s) => {
        const rs = runs.get(s.name);
        const rps = median(rs.map((r) => r.rps));
        return [
          s.name,
          fmt(rps, 0),
          fmt(median(rs.map((r) => r.p99)), 0),
          `${fmt(rps / base, 2)}×`,
          String(rs.reduce((n, r) => n + r.non2xx, 0)),
        ];
      }),
    ),
  );
  console.log(`\n(${opts.rounds} rounds of ${opts.duration} s, ${opts.connections} connections; medians shown)`);
} finally {
  await Promise.all(children.map((c) => stopChild(c)));
  rmSync(dataDir, { recursive: true, force: true });
}
