import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  removeDir,
  runCli,
  runNode,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

/** The shared contract smoke check sits beside the clone (`../shared`), here and in CI. */
const CONTRACT_CHECK = resolve(REPO_ROOT, '../shared/contract-check.mjs');

interface CheckLine {
  ok: boolean;
  name: string;
  detail: string;
}

function parseChecks(stdout: string): CheckLine[] {
  const lines: CheckLine[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(PASS|FAIL) {2}(.*)$/.exec(line);
    if (!m) continue;
    const [name = '', detail = ''] = m[2]!.split(' — ', 2);
    lines.push({ ok: m[1] === 'PASS', name, detail });
  }
  return lines;
}

describe('the hub against the shared contract check', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  let checks: CheckLine[];
  let output: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    expect(existsSync(CONTRACT_CHECK), `${CONTRACT_CHECK} is missing`).toBe(true);
    dataDir = tempDataDir('keybs-contract');
    hub = await startHub(dataDir);
    // A key made by the CLI on the data dir of the running server: the server must accept it at once.
    const created = await runCli(['keys', 'create', '--env', 'test', '--json', '--data-dir', dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const { secret } = JSON.parse(created.stdout) as { secret: string };
    expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect(secret).not.toBe(hub.key);
    output = await runNode([CONTRACT_CHECK, '--base', hub.url, '--key', secret], { timeoutMs: 90_000 });
    checks = parseChecks(output.stdout);
  }, 120_000);

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('runs to its summary line', () => {
    expect(checks.length, output.stdout + output.stderr).toBeGreaterThanOrEqual(15);
    const passed = checks.filter((c) => c.ok).length;
    expect(output.stdout).toContain(`${passed} passed, ${checks.length - passed} failed`);
    expect(output.code).toBe(checks.every((c) => c.ok) ? 0 : 1);
  });

  it('passes every check', () => {
    const failing = checks.filter((c) => !c.ok);
    expect(
      failing.map((c) => c.name),
      `failing checks:\n${failing.map((c) => `  ${c.name} — ${c.detail}`).join('\n')}`,
    ).toEqual([]);
    expect(output.code).toBe(0);
  });
});
