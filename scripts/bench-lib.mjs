// Helpers shared by the benchmark scripts (bench-api.mjs, bench-webhooks.mjs): child processes, machine
// facts, the order they place, and the figures' formatting. Not a script of its own.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The repository root: the benchmarks' child processes run there and resolve core/'s packages from it.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The order every benchmark places: a GB company in the simulated registry, basic package.
export const GB_ORDER = { country_code: 'GB', registration_id: '09446231', package: 'basic' };

// The JSON body of order n (the supplier's name numbered, the rest GB_ORDER).
export const orderBody = (n) => JSON.stringify({ supplier: `Bench Supplier ${n} Ltd`, ...GB_ORDER });

// Spawns `node ...args` in ROOT (stdout piped, added to `children`); with ipc, `ask(msg)` resolves to its reply.
export function spawnChild(children, args, env, ipc = false) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore', ...(ipc ? ['ipc'] : [])],
  });
  children.push(child);
  let next = 0;
  const waiting = new Map();
  child.on('message', (msg) => {
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  });
  const ask = (msg) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      child.send({ ...msg, id });
    });
  return { child, ask };
}

// Starts a server as a child process and reads its URL (and, for the hub, its first key) from stdout.
export function startChild(children, name, args, env, ipc = false) {
  const started = spawnChild(children, args, env, ipc);
  const { child } = started;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    let key;
    let keyNext = false;
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (keyNext) key = line.trim();
      keyNext = line.startsWith('No API keys yet');
      const listening = /listening on (http:\/\/\S+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve({ ...started, url: listening[1], key });
      }
    });
  });
}

// Stops a child with SIGTERM (SIGKILL after 15 s); resolves once it has exited.
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// The 1, 5 and 15 minute load averages, to two decimals.
export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

// The machine the run is on, then the caller's `extra` fields (versions, build) last.
export function machineInfo(extra = {}) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Other work on the machine skews every figure; the load average when the run started shows it.
    loadAverage: loadAverage(),
    ...extra,
  };
}

// The `machine: …` line both benchmarks print under their title.
export const machineLine = (machine) =>
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.os}, ` +
  `load average ${machine.loadAverage.join(' ')}`;

// The closing verdict: 'All targets met.' or the summaries whose pass is false, with their failures.
export function verdictLine(summaries) {
  const failed = summaries.filter((s) => s.pass === false);
  return failed.length === 0
    ? '\nAll targets met.'
    : `\nTargets NOT met: ${failed.map((s) => `${s.scenario} (${s.failures.join('; ')})`).join(', ')}`;
}

// A Markdown table of string cells, each column as wide as its widest cell.
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// Parses a flag's value as a number > 0; throws naming the flag otherwise.
export function positive(text, flag) {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got ${text}`);
  return n;
}

// The median of a list of numbers (the mean of the middle two for an even count).
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// A value as a string, padded on the right to width w.
export const pad = (s, w) => String(s).padEnd(w);

// A number with `digits` decimals, padded on the left to `width`.
export const fmt = (n, digits, width = 0) => n.toFixed(digits).padStart(width);
