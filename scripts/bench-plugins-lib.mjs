// Helpers of bench-plugins.mjs (issue #6): hubs with a config file, bulk orders, fixed-load latency runs.
// Not a script of its own.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GB_ORDER, startChild } from './bench-lib.mjs';

// Starts `keybs serve` on a data dir, with the plugins given (none: no config file).
export async function startHub(children, dataDir, plugins, key) {
  const args = ['core/dist/cli/main.js', 'serve', '--port', '0', '--data-dir', dataDir];
  if (plugins) {
    const file = path.join(dataDir, 'keybs.json');
    writeFileSync(file, JSON.stringify({ plugins }));
    args.push('--config', file);
  }
  const env = { KEYBS_RATE_LIMIT_PER_SECOND: '0', KEYBS_LOG_LEVEL: 'silent' };
  const hub = await startChild(children, 'hub', args, env);
  return { ...hub, key: hub.key ?? key };
}

export const headers = (key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

// Orders `count` basic GB verifications, `parallel` at a time; `extra(n)` adds fields to order n. Their ids.
export async function orderMany(hub, count, extra = () => ({}), parallel = 32) {
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const body = JSON.stringify({ supplier: `Bench Supplier ${n} Ltd`, ...GB_ORDER, ...extra(n) });
      const res = await fetch(`${hub.url}/v1/verifications`, { method: 'POST', headers: headers(hub.key), body });
      if (res.status !== 201) throw new Error(`order ${n}: ${res.status} ${await res.text()}`);
      ids[n] = (await res.json()).verification_id;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}

// Waits until every verification is completed.
export async function allDecided(hub, ids) {
  for (const id of ids) {
    for (;;) {
      const res = await fetch(`${hub.url}/v1/verifications/${id}`, { headers: headers(hub.key) });
      if ((await res.json()).status === 'completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// One autocannon run; `stopWhen` (a promise) ends it early. {rps, p50, p99, non2xx, errors, seconds}.
export function load(autocannon, { url, key, method = 'GET', body, connections, rate, duration, stopWhen }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const instance = autocannon(
      {
        url,
        method,
        headers: headers(key),
        ...(body && { body }),
        connections,
        ...(rate && { overallRate: rate }),
        duration,
      },
      (error, r) => {
        if (error) return reject(error);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          seconds: (Date.now() - started) / 1000,
        });
      },
    );
    stopWhen?.then(() => instance.stop());
  });
}
