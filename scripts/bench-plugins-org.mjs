#!/usr/bin/env node
// Child process of bench-plugins.mjs: runs the Salesforce fake of the tests (test/fakes/salesforce.ts,
// transpiled on the fly with TypeScript: it uses only Node built-ins) so the benchmark syncs against exactly
// what the tests do. Prints `listening on URL`; answers IPC: {type:'seed', ids} and {type:'synced'} (how many
// Accounts carry a KeyBS verification id, and the sObject Collections calls seen).
//   env: ORG_LATENCY_MS (per call, default 0)

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from './bench-lib.mjs';

const source = readFileSync(path.join(ROOT, 'test', 'fakes', 'salesforce.ts'), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-org-')), 'salesforce.mjs');
writeFileSync(file, outputText);
const { FakeSalesforce } = await import(pathToFileURL(file).href);

const org = await FakeSalesforce.start();
org.latencyMs = Number(process.env.ORG_LATENCY_MS ?? 0);
// The fake keeps every call it saw; a 10,000-record benchmark does not need their bodies.
org.calls.push = function push(...calls) {
  for (const c of calls) c.body = c.method === 'PATCH' ? String(JSON.parse(c.body).records.length) : '';
  return Array.prototype.push.apply(this, calls);
};
process.on('message', (msg) => {
  if (msg.type === 'seed') {
    org.calls.length = 0;
    org.seed(...msg.ids);
    process.send({ id: msg.id, ok: true });
  } else if (msg.type === 'synced') {
    let synced = 0;
    for (const a of org.accounts.values()) if (a.KeyBS_Verification_Id__c) synced++;
    const batches = org.collectionCalls().map((c) => Number(c.body));
    process.send({ id: msg.id, synced, calls: batches.length, largest: Math.max(0, ...batches) });
  }
});
process.on('SIGTERM', () => org.close().then(() => process.exit(0)));
console.log(`listening on ${org.url}`);
