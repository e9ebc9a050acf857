#!/usr/bin/env node
// Fills a data dir with N realistic decided verifications, for benchmarks and demos (issue #7).
//
//   npx tsc -b && node scripts/seed-decisions.mjs N [--data-dir DIR] [--test] [--seed S] [--days D]
//
// Writes straight through the store in batches of 2,000 (one transaction each), about 40,000 a second. The
// verifications are completed, with decisions, checks and times spread over the last D days (365), in live
// mode unless --test. No events are written: webhooks and plugins that follow the event log do not replay
// them, while everything that reads verifications (the API, reports on demand, the warehouse export) sees them.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../core/dist/store/sqlite/index.js';
import { seedDecisions } from './seed-decisions-lib.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string', default: process.env.KEYBS_DATA_DIR ?? '.keybs' },
    test: { type: 'boolean', default: false },
    seed: { type: 'string', default: '7' },
    days: { type: 'string', default: '365' },
  },
});
const count = Number(positionals[0]);
if (!Number.isInteger(count) || count < 1) {
  console.error('usage: node scripts/seed-decisions.mjs N [--data-dir DIR] [--test] [--seed S] [--days D]');
  process.exit(2);
}
const store = openSqliteStore(path.join(values['data-dir'], 'keybs.db'), { synchronous: 'normal' });
const started = performance.now();
const tty = process.stderr.isTTY;
await seedDecisions(store, count, {
  livemode: !values.test,
  seed: Number(values.seed),
  days: Number(values.days),
  onProgress: (done, total) => {
    if (tty) process.stderr.write(`\rseeding ${done}/${total}`);
  },
});
if (tty) process.stderr.write('\n');
await store.close();
const seconds = (performance.now() - started) / 1000;
console.log(
  `seeded ${count} decided ${values.test ? 'test' : 'live'} verifications into ${values['data-dir']} in ${seconds.toFixed(1)} s`,
);
