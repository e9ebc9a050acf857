// Helpers of bench-plugins.mjs (issue #6): hubs with a config file, bulk orders, fixed-load latency runs.
// Not a script of its own.

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { GB_ORDER, startChild } from './bench-lib.mjs';

// Starts `keybs serve` on a data dir, with the plugins given (none: no config file). BENCH_HUB_NODE_ARGS adds
// node flags to the hubs with plugins (e.g. `--cpu-prof --cpu-prof-dir=prof` to profile them).
export async function startHub(children, dataDir, plugins, key) {
  const nodeArgs = plugins && process.env.BENCH_HUB_NODE_ARGS ? process.env.BENCH_HUB_NODE_ARGS.split(' ') : [];
  const args = [...nodeArgs, 'core/dist/cli/main.js', 'serve', '--port', '0', '--data-dir', dataDir];
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

// The p-th percentile of sorted latencies (ms), to 0.1 ms.
export const percentile = (sorted, p) =>
  Math.round(10 * (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0)) / 10;

// Open-loop load at a fixed rate: one request every 1/rate s, each sent on time whether or not earlier ones have
// answered (keep-alive sockets, as many as needed), so the figures are the latency one request sees at that
// rate. (autocannon's overallRate sends each second's budget at once over its connections, which measures
// queueing behind that burst instead.) `stopWhen` ends it early.
// {rps, p50, p99, non2xx, errors, seconds, latencies (ms, sorted)}.
export function pacedLoad({ url, key, method = 'GET', body, rate, duration, stopWhen }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  let sent = 0;
  let stopping = false;
  stopWhen?.then(() => {
    stopping = true;
  });
  const interval = 1000 / rate;
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (!stopping || inFlight > 0) return;
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      const seconds = (performance.now() - started) / 1000;
      const [p50, p99] = [percentile(sorted, 0.5), percentile(sorted, 0.99)];
      resolve({ rps: sorted.length / seconds, p50, p99, non2xx, errors, seconds, latencies: sorted });
    };
    const fire = () => {
      inFlight++;
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers: headers(key),
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode >= 300) non2xx++;
            inFlight--;
            finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        inFlight--;
        finish();
      });
      req.end(body);
    };
    const tick = () => {
      const elapsed = performance.now() - started;
      if (stopping || elapsed >= duration * 1000) {
        stopping = true;
        finish();
        return;
      }
      const due = Math.floor(elapsed / interval) + 1;
      while (sent < due) {
        sent++;
        fire();
      }
      setTimeout(tick, Math.max(0, sent * interval - (performance.now() - started)));
    };
    tick();
  });
}
