import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, removeDir, runCli, type SpawnedHub, startHub, stopAllHubs, tempDataDir } from '../helpers/spawn-hub.js';

describe('starting, stopping and backing up the hub', () => {
  let dataDir: string;
  let workDir: string;

  beforeAll(() => {
    dataDir = tempDataDir('keybs-lifecycle');
    workDir = tempDataDir('keybs-lifecycle-out');
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
    removeDir(workDir);
  });

  let firstKey: string;

  it('a first start (configured by environment, like `npm start`) prints one test key, then `listening on`', async () => {
    // `npm start` runs `keybs serve` with no flags; PORT and KEYBS_DATA_DIR are its documented equivalents.
    const hub = await startHub(dataDir, { args: [], env: { PORT: '0', KEYBS_DATA_DIR: dataDir } });
    expect(hub.key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    firstKey = hub.key!;
    expect(hub.port).toBeGreaterThan(0);
    const lines = hub.stdout().trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`listening on http://127.0.0.1:${hub.port}`);
    expect(lines.filter((l) => /sk_(test|live)_/.test(l))).toHaveLength(1);

    const health = await api(hub.url, undefined, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    expect((await api(hub.url, undefined, 'GET', '/readyz')).status).toBe(200);
    expect((await api(hub.url, firstKey, 'GET', '/v1/verifications')).status).toBe(200);

    // SIGTERM while idle: drains and exits 0.
    const exit = await hub.stop('SIGTERM');
    expect(exit, hub.stderr().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(hub.stderr()).toContain('hub stopped');
  });

  let hub: SpawnedHub;

  it('a second start on the same data dir prints no new key, and the first key still works', async () => {
    hub = await startHub(dataDir);
    expect(hub.key).toBeUndefined();
    expect(hub.stdout()).not.toContain('No API keys yet');
    expect(hub.stdout()).not.toMatch(/sk_(test|live)_/);
    const res = await api(hub.url, firstKey, 'GET', '/v1/verifications');
    expect(res.status, res.text).toBe(200);
  });

  it('`keybs backup FILE` while the hub runs writes a SQLite file holding the verifications ordered before', async () => {
    const ordered: string[] = [];
    for (const supplier of ['Backup One Ltd', 'Backup Two Ltd', 'Backup Three Ltd']) {
      const r = await api(hub.url, firstKey, 'POST', '/v1/verifications', {
        supplier,
        country_code: 'GB',
        registration_id: '09446231',
        package: 'basic',
      });
      expect(r.status, r.text).toBe(201);
      ordered.push(r.json.verification_id);
    }

    const file = join(workDir, 'hub-backup.db');
    const r = await runCli(['backup', file, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(file);
    // The hub kept serving throughout.
    expect((await api(hub.url, firstKey, 'GET', `/v1/verifications/${ordered[0]}`)).status).toBe(200);

    expect(readFileSync(file).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT id, supplier FROM verifications ORDER BY seq').all() as {
        id: string;
        supplier: string;
      }[];
      expect(rows.map((row) => row.id)).toEqual(ordered);
      expect(rows.map((row) => row.supplier)).toEqual(['Backup One Ltd', 'Backup Two Ltd', 'Backup Three Ltd']);
      const keyCount = db.prepare('SELECT count(*) AS n FROM api_keys').get() as { n: number };
      expect(keyCount.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('`keybs backup` to an existing file refuses with exit 2 and leaves the file alone', async () => {
    const file = join(workDir, 'already-here.db');
    writeFileSync(file, 'precious');
    const r = await runCli(['backup', file, '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exists');
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });

  it('SIGTERM while serving exits 0 as well', async () => {
    const exit = await hub.stop('SIGTERM');
    expect(exit, hub.stderr().slice(-2000)).toEqual({ code: 0, signal: null });
  });
});
