import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../../core/test/postgres/row-counts.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from '../../core/test/postgres/test-database.js';
import {
  api,
  pollUntil,
  removeDir,
  runCli,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const BASIC = { supplier: 'Moving Day Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * `keybs migrate --from-sqlite DIR` as an operator runs it: a SQLite hub's data dir copied into PostgreSQL, then
 * the hub started on PostgreSQL. Needs a PostgreSQL server (KEYBS_TEST_DATABASE_URL, the PostgreSQL pass of
 * `npm test`); skipped without one.
 */
describe.skipIf(!TEST_DATABASE_URL)('keybs migrate --from-sqlite (the real CLI)', () => {
  let dataDir: string;
  let key: string;
  let verifications: unknown;
  let documentUrl: string;
  const databases: TestDatabase[] = [];
  const dirs: string[] = [];

  const newDatabase = async () => {
    const db = await testDatabase(`cli-migrate-${Math.random()}`);
    if (!db) throw new Error('no test database');
    databases.push(db);
    return db;
  };
  const migrate = (...args: string[]) => runCli(['migrate', ...args], { env: {} });
  /** Rows in the target, leaving out the report cursor's row that the migrations write. */
  const copiedRows = async (url: string) =>
    Object.entries(await rowCounts(url)).filter(([table, n]) => n > 0 && !(table === 'report_cursor' && n === 1));

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-migrate');
    const hub = await startHub(dataDir, { sqlite: true });
    key = hub.key!;
    const ids: string[] = [];
    for (const supplier of ['Moving Day Ltd', 'Second Supplier Ltd']) {
      const r = await api(hub.url, key, 'POST', '/v1/verifications', { ...BASIC, supplier });
      expect(r.status, r.text).toBe(201);
      ids.push(r.json.verification_id);
    }
    for (const id of ids) {
      await pollUntil(
        async () =>
          (await api(hub.url, key, 'GET', `/v1/verifications/${id}`)).json.status === 'completed' ? true : undefined,
        { timeoutMs: 15_000, describe: () => `${id} completed` },
      );
    }
    const form = new FormData();
    form.set('type', 'proof_of_address');
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'address.png');
    const upload = await fetch(`${hub.url}/v1/verifications/${ids[0]}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    const doc = (await upload.json()) as { id: string };
    documentUrl = `/v1/verifications/${ids[0]}/documents/${doc.id}/content`;
    verifications = (await api(hub.url, key, 'GET', '/v1/verifications')).json;
    await hub.stop();
  }, 60_000);

  afterAll(async () => {
    await stopAllHubs();
    for (const db of databases) await db.drop();
    removeDir(dataDir);
    for (const dir of dirs) removeDir(dir);
  });

  it('copies the data dir, prints every table with both counts, and a hub on PostgreSQL serves the same', async () => {
    const db = await newDatabase();
    const r = await migrate('--from-sqlite', dataDir, '--to', db.url);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`source  ${join(dataDir, 'keybs.db')}`);
    const header = lines.findIndex((l) => /^table\s+rows source\s+rows target\s+ok$/.test(l));
    expect(header).toBeGreaterThan(0);
    const table = lines.slice(
      header + 1,
      lines.findIndex((l, i) => i > header && l === ''),
    );
    const rows = Object.fromEntries(
      table.map((l) => {
        const [name, source, target, ok] = l.trim().split(/\s+/);
        return [name, { source: Number(source), target: Number(target), ok }];
      }),
    );
    // Every table of the target, then the total.
    expect(Object.keys(rows).at(-1)).toBe('total');
    expect(Object.keys(rows).slice(0, -1).sort()).toEqual(Object.keys(await rowCounts(db.url)).sort());
    for (const [name, row] of Object.entries(rows)) expect(row.ok, name).toBe('ok');
    expect(rows.verifications).toEqual({ source: 2, target: 2, ok: 'ok' });
    expect(rows.document_contents).toEqual({ source: 1, target: 1, ok: 'ok' });
    expect(r.stdout).toMatch(
      /copied \d+ rows of \d+ tables \(schema version \d+\) in [\d.]+ s in one transaction, committed/,
    );
    expect(r.stdout).toContain(`1 encrypted file from ${join(dataDir, 'documents')} copied into the database`);
    expect(r.stdout).toContain(`KEYBS_MASTER_KEY=$(cat ${join(dataDir, 'master.key')})`);

    // As printed: a new data dir (the documents are in the database now) and the same master key.
    const newDir = tempDataDir('keybs-migrated');
    dirs.push(newDir);
    const masterKey = readFileSync(join(dataDir, 'master.key'), 'utf8').trim();
    const hub: SpawnedHub = await startHub(newDir, {
      env: { KEYBS_DATABASE_URL: db.url, KEYBS_MASTER_KEY: masterKey },
    });
    expect(hub.key).toBeUndefined(); // the keys came over: no first key is made
    expect((await api(hub.url, key, 'GET', '/v1/verifications')).json).toEqual(verifications);
    const content = await fetch(hub.url + documentUrl, { headers: { authorization: `Bearer ${key}` } });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
    const next = await api(hub.url, key, 'POST', '/v1/verifications', BASIC);
    expect(next.status, next.text).toBe(201);
    expect(next.json.verification_id).toMatch(/-000003$/);
    await hub.stop();
  });

  it('refuses a target that already holds data: exit 2, the reason, the target unchanged', async () => {
    const db = await newDatabase();
    expect((await migrate('--from-sqlite', dataDir, '--to', db.url)).code).toBe(0);
    const before = await rowCounts(db.url);
    const r = await migrate('--from-sqlite', dataDir, '--to', db.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^keybs: the target database already holds data \(api_keys: 1 row, .*verifications: 2 rows/,
    );
    expect(r.stderr).toContain('keybs migrate copies into an empty database only');
    expect(await rowCounts(db.url)).toEqual(before);
  });

  it('refuses a wrong source dir or a missing target with exit 2 and says what to pass', async () => {
    const db = await newDatabase();
    const missing = join(dataDir, 'no-such-dir');
    const notADir = await migrate('--from-sqlite', missing, '--to', db.url);
    expect(notADir.code).toBe(2);
    expect(notADir.stderr.trim()).toBe(`keybs: ${missing} is not a directory`);
    const empty = tempDataDir('keybs-not-a-hub');
    dirs.push(empty);
    const noDatabase = await migrate('--from-sqlite', empty, '--to', db.url);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr.trim()).toBe(
      `keybs: ${empty} holds no hub database (keybs.db): pass the data dir the SQLite hub runs with`,
    );
    const noTarget = await migrate('--from-sqlite', dataDir);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('migrate needs a target: set KEYBS_DATABASE_URL or pass --to postgres://');
    expect(await rowCounts(db.url)).toEqual({}); // never touched
    // KEYBS_DATABASE_URL names the target when --to is not given.
    const fromEnv = await runCli(['migrate', '--from-sqlite', dataDir], { env: { KEYBS_DATABASE_URL: db.url } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
  });

  it('a copy that fails midway exits 1 and leaves the target without a copied row', async () => {
    const broken = tempDataDir('keybs-broken');
    dirs.push(broken);
    cpSync(dataDir, broken, { recursive: true });
    const db = new Database(join(broken, 'keybs.db'));
    db.prepare("UPDATE report_cursor SET seq = 'soon'").run(); // SQLite keeps it; PostgreSQL's BIGINT does not
    db.close();
    const target = await newDatabase();
    const r = await migrate('--from-sqlite', broken, '--to', target.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'keybs: copying report_cursor failed: rows 1–1: invalid input syntax for type bigint: "soon"',
    );
    expect(r.stderr).toContain('the target holds no copied row (the copy is one transaction)');
    expect(r.stdout).not.toContain('copied');
    expect(await copiedRows(target.url)).toEqual([]);
  });

  it('is listed in keybs help', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toContain('keybs migrate --from-sqlite DIR [--to postgres://…]');
  });
});
