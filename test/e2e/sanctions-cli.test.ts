import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  pollUntil,
  REPO_ROOT,
  removeDir,
  runCli,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const UN = resolve(REPO_ROOT, '../shared/data/sanctions/un/consolidated.xml');
const OFAC = ['sdn', 'alt', 'add'].map((f) => resolve(REPO_ROOT, `../shared/data/sanctions/ofac/${f}.csv`));

describe('keybs sanctions while the hub runs', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  beforeAll(async () => {
    dataDir = tempDataDir('keybs-sanctions');
    hub = await startHub(dataDir);
  });
  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('imports the UN list; the running hub screens against it within 10 s', async () => {
    const before = await api(hub.url, hub.key, 'GET', '/v1/sanctions/lists');
    expect(before.json.data).toEqual([]);
    const imported = await runCli(['sanctions', 'import', '--format', 'un-xml', UN, '--data-dir', dataDir]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported un-consolidated edition \d+: \d+ entries/);
    let seen: unknown = null;
    const lists = await pollUntil(
      async () => {
        const r = await api(hub.url, hub.key, 'GET', '/v1/sanctions/lists');
        seen = r.json;
        return r.status === 200 && r.json.data.length > 0 ? r : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, describe: () => JSON.stringify(seen) },
    );
    expect(lists.json.data[0]).toMatchObject({ list: 'un-consolidated', current: true });
    const screen = await runCli(['sanctions', 'screen', '--json', '--data-dir', dataDir, 'Al-Qaida']);
    expect(screen.code, screen.stderr).toBe(0);
    const hits = JSON.parse(screen.stdout).data as { list: string; score: number }[];
    expect(hits[0]?.list).toBe('un-consolidated');
  });

  it('imports the OFAC CSV files; a malformed file is refused naming the line, and the previous edition stays', async () => {
    const ok = await runCli(['sanctions', 'import', '--format', 'ofac-csv', ...OFAC, '--data-dir', dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runCli(['sanctions', 'import', '--format', 'un-xml', OFAC[0] ?? '', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line \d+/);
    expect(bad.stderr).toContain('previous edition stays in force');
    const lists = await runCli(['sanctions', 'lists', '--json', '--data-dir', dataDir]);
    const current = (JSON.parse(lists.stdout) as { listId: string; current: boolean }[]).filter((e) => e.current);
    expect(current.map((e) => e.listId).sort()).toEqual(['ofac-sdn', 'un-consolidated']);
  });
});
