import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { eventually, startTestHub, type TestClock, type TestHub } from '../../../core/test/helpers/hub.js';

export const PLUGIN = '@keybs/connector-procurement-gate';
/** A cron that never fires during a test: polls are run by hand (`poll`), as the cron would. */
export const NEVER = '0 0 1 1 *';

/** A hub with the procurement gate enabled through a config file, as an operator enables it. */
export async function startGateHub(
  config: Record<string, unknown>,
  entry: Record<string, unknown> = {},
  clock?: TestClock,
): Promise<TestHub> {
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-gate-')), 'keybs.json');
  writeFileSync(file, JSON.stringify({ plugins: [{ package: PLUGIN, config, ...entry }] }));
  return startTestHub({
    env: { KEYBS_CONFIG: file, KEYBS_RATE_LIMIT_PER_SECOND: '0' },
    ...(clock && { clock }),
  });
}

/** Runs the adapter's polling job now, as its cron would. */
export const poll = (h: TestHub, system: 'coupa' | 'ariba') =>
  h.hub.services.plugins.runSchedule(PLUGIN, `${system}-approvals`);

export const pluginStatus = async (h: TestHub): Promise<any> =>
  (await h.request('GET', '/v1/plugins')).json.data.find((p: { name: string }) => p.name === PLUGIN);

export const statusWhere = (h: TestHub, probe: (s: any) => boolean, ms = 10_000) =>
  eventually(async () => {
    const s = await pluginStatus(h);
    return probe(s) ? s : undefined;
  }, ms);

/** The verifications the hub holds for this external_ref, newest first. */
export async function verificationsOf(h: TestHub, externalRef: string): Promise<any[]> {
  const r = await h.request('GET', `/v1/verifications?external_ref=${encodeURIComponent(externalRef)}`);
  expect(r.status, r.text).toBe(200);
  return r.json.data;
}

/** Finishes a test verification's analyst review now (the test helper endpoint). */
export async function advance(h: TestHub, id: string): Promise<any> {
  const r = await h.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
  expect(r.status, r.text).toBe(200);
  return r.json;
}
