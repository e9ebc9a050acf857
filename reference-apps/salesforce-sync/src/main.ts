#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { formatTable, replayDecisions, type SampleSupplier } from './replay.js';

// Usage: KEYBS_URL=… KEYBS_API_KEY=sk_test_… keybs-salesforce-replay [sample-decisions.json]
const file = process.argv[2] ?? new URL('../sample-decisions.json', import.meta.url).pathname;
const apiKey = process.env.KEYBS_API_KEY ?? '';
if (!apiKey.startsWith('sk_test_')) {
  console.error('Set KEYBS_API_KEY to a test key (sk_test_…) of a hub running the Salesforce plugin.');
  process.exit(1);
}
const sample = JSON.parse(readFileSync(file, 'utf8')) as SampleSupplier[];
try {
  const result = await replayDecisions({ hubUrl: process.env.KEYBS_URL ?? 'http://127.0.0.1:8080', apiKey, sample });
  console.log(formatTable(result.rows));
  const { delivered, dead_letters, last_error } = result.plugin;
  console.log(
    `\nSalesforce plugin: ${delivered} delivered, ${dead_letters} dead letters${last_error ? ` (last error: ${last_error})` : ''}`,
  );
  process.exit(dead_letters > 0 ? 1 : 0);
} catch (error) {
  console.error(`replay failed: ${(error as Error).message}`);
  process.exit(1);
}
