#!/usr/bin/env node
// Child process of bench-plugins.mjs: runs the Salesforce fake of the tests (test/fakes/salesforce.ts,
// transpiled on the fly with TypeScript: it uses only Node built-ins) so the benchmark syncs against exactly
// what the tests do. Prints `listening on URL`; answers IPC: {type:'seed', ids}, {type:'synced'} (how many
// Accounts carry a KeyBS verification id, and the sObject Collections calls seen), {type:'cpu'} (CPU seconds this
// process used so far) and {type:'replay', calls, seconds} (sends itself `calls` Collections updates of 200
// Accounts, evenly over `seconds`: the org's share of a sync, for the baseline without the plugin).
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
  } else if (msg.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ id: msg.id, seconds: (user + system) / 1e6 });
  } else if (msg.type === 'replay') {
    replay(msg.calls, msg.seconds).then(() => process.send({ id: msg.id, ok: true }));
  } else if (msg.type === 'synced') {
    let synced = 0;
    for (const a of org.accounts.values()) if (a.KeyBS_Verification_Id__c) synced++;
    const batches = org.collectionCalls().map((c) => Number(c.body));
    process.send({ id: msg.id, synced, calls: batches.length, largest: Math.max(0, ...batches) });
  }
});
async function replay(calls, seconds) {
  const ids = [...org.accounts.keys()];
  const started = performance.now();
  for (let n = 0; n < calls; n++) {
    const wait = started + (n * seconds * 1000) / calls - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const records = ids.slice((n * 200) % ids.length, ((n * 200) % ids.length) + 200).map((Id) => ({
      attributes: { type: 'Account' },
      id: Id,
      Verified_by_KeyBS__c: true,
      KeyBS_Trust_Score__c: 80,
      KeyBS_Risk_Band__c: 'low',
      KeyBS_Recommendation__c: 'proceed',
      KeyBS_Verification_Id__c: null,
      KeyBS_Report_URL__c: 'https://keybs.example/reports/vrf_bench',
      KeyBS_Verified_At__c: new Date().toISOString(),
    }));
    await fetch(`${org.url}/services/data/v62.0/composite/sobjects`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer 00Dfake!static-token', 'content-type': 'application/json' },
      body: JSON.stringify({ allOrNone: false, records }),
    }).then((r) => r.text());
  }
}

process.on('SIGTERM', () => org.close().then(() => process.exit(0)));
console.log(`listening on ${org.url}`);
