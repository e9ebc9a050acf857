#!/usr/bin/env node
// Warehouse export benchmark (issue #7): export N decided verifications into DuckDB with `keybs export run`,
// against a baseline measured in the same run: reading the same decisions through the plugin hub without
// writing them anywhere. Each is a child process; peak RSS is the kernel's VmHWM, sampled every 50 ms.
//
//   npx tsc -b && node scripts/bench-export.mjs [--decisions N] [--data-dir DIR]
//
// --data-dir reuses a seeded data dir (the seed is skipped when it already holds decisions).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '1000000' },
    'data-dir': { type: 'string' },
    'read-only': { type: 'string' }, // internal: the baseline child
  },
});

if (values['read-only']) {
  // The baseline: page through every live decision as the export does, and throw the pages away.
  const { parseEnv } = await import('../core/dist/config/env.js');
  const { silentLogger } = await import('../core/dist/observability/logger.js');
  const { wire } = await import('../core/dist/services.js');
  const { pluginHub } = await import('../core/dist/plugins/hub-api.js');
  const { services } = wire(parseEnv({ KEYBS_DATA_DIR: values['read-only'] }), silentLogger);
  const hub = pluginHub(services.verifications, () => 'http://127.0.0.1:8080');
  let after = null;
  let rows = 0;
  for (;;) {
    const page = await hub.decisions({ livemode: true, after, limit: 500 }); // the export's own read size
    if (page.length === 0) break;
    rows += page.length;
    const last = page[page.length - 1];
    after = { decided_at: last.decided_at, verification_id: last.decision.verification_id };
  }
  await services.store.close();
  console.log(`read ${rows} rows`);
  process.exit(0);
}

/** Runs a node child, returning its wall time, peak RSS (MB) and output. */
function measure(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let peakKb = 0;
    const sample = () => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {}
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ seconds, peakMb: peakKb / 1024, stdout });
    });
  });
}

const n = Number(values.decisions);
const dataDir = values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-export-'));
const seeded = existsSync(path.join(dataDir, 'keybs.db'));
if (!seeded) {
  const seed = await measure(['scripts/seed-decisions.mjs', String(n), '--data-dir', dataDir]);
  console.log(seed.stdout.trim());
}
const warehouse = path.join(dataDir, 'bench-warehouse.duckdb');
rmSync(warehouse, { force: true });
rmSync(`${warehouse}.wal`, { force: true });
const config = path.join(dataDir, 'bench-export.json');
writeFileSync(
  config,
  JSON.stringify({
    plugins: [
      {
        package: '@keybs/connector-warehouse-export',
        config: { sink: 'duckdb', duckdb: { path: warehouse }, modes: ['live'] },
      },
    ],
  }),
);
const cli = ['core/bin/keybs.js', 'export', 'run', '--config', config, '--data-dir', dataDir];
const read = await measure(['scripts/bench-export.mjs', '--read-only', dataDir]);
const first = await measure(cli);
const again = await measure(cli);
const rowsOf = (out) => Number(/(?:exported|read) (\d+) row/.exec(out)?.[1] ?? NaN);

const cpu = os.cpus();
console.log(
  `\n${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}\n`,
);
const rows = [
  ['read decisions only (baseline)', rowsOf(read.stdout), read],
  ['export run into DuckDB (first)', rowsOf(first.stdout), first],
  ['export run again (nothing new)', rowsOf(again.stdout), again],
];
const header = ['scenario', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'vs baseline'];
const lines = rows.map(([name, count, m]) => [
  name,
  String(count),
  m.seconds.toFixed(1),
  count > 0 ? String(Math.round(count / m.seconds)) : '-',
  m.peakMb.toFixed(0),
  `${(m.seconds / read.seconds).toFixed(2)}×`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(fmt(header));
console.log(fmt(widths.map((w) => '-'.repeat(w))));
for (const l of lines) console.log(fmt(l));
if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
