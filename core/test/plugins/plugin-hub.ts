import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { BASIC_GB, eventually, startTestHub, type TestHub } from '../helpers/hub.js';

/** The absolute path of a fixture plugin, as a config file may name it. */
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

/** Writes `{"plugins":[…]}` to a fresh temp file and returns its path. */
export function configFile(plugins: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-config-')), 'keybs.json');
  writeFileSync(file, JSON.stringify({ plugins }));
  return file;
}

/** A test hub with these plugins enabled through a config file, as an operator enables them. */
export function startPluginHub(
  plugins: unknown[],
  options: { clock?: Clock; dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestHub> {
  return startTestHub({
    ...options,
    env: { KEYBS_CONFIG: configFile(plugins), ...options.env },
  });
}

/** Orders a basic GB verification (completes on its own) and returns its id. */
export async function orderBasic(t: TestHub, supplier = 'Northwind Traders Ltd'): Promise<string> {
  const r = await t.request('POST', '/v1/verifications', { body: { ...BASIC_GB, supplier } });
  expect(r.status, r.text).toBe(201);
  return r.json.verification_id;
}

export async function pluginStatus(t: TestHub, name: string, key?: string): Promise<any> {
  const r = await t.request('GET', '/v1/plugins', key === undefined ? {} : { key });
  expect(r.status, r.text).toBe(200);
  return r.json.data.find((p: { name: string }) => p.name === name);
}

/** Waits until `probe` holds for the plugin's status, and returns that status. */
export const statusWhere = (t: TestHub, name: string, probe: (s: any) => boolean, ms = 5_000) =>
  eventually(async () => {
    const s = await pluginStatus(t, name);
    return probe(s) ? s : undefined;
  }, ms);
