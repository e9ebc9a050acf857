import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeDir, runCli, tempDataDir } from '../helpers/spawn-hub.js';

const read = (path: string) => readFileSync(resolve(REPO_ROOT, '../shared/data/sanctions', path));
const OFFICIAL: Record<string, Buffer> = {
  '/ofac/downloads/sdn.csv': read('ofac/sdn.csv'),
  '/ofac/downloads/alt.csv': read('ofac/alt.csv'),
  '/ofac/downloads/add.csv': read('ofac/add.csv'),
  '/resources/xml/en/consolidated.xml': read('un/consolidated.xml'),
};

interface Edition {
  id: number;
  listId: string;
  entryCount: number;
  current: boolean;
}

/** The publishers' servers, at their official paths: the real files unless a test says otherwise. */
const served = new Map<string, Buffer | number>();
const requests: string[] = [];
const server = createServer((req, res) => {
  const path = req.url ?? '';
  requests.push(path);
  const answer = served.get(path) ?? OFFICIAL[path];
  if (answer === undefined) return void res.writeHead(404).end();
  if (typeof answer === 'number') return void res.writeHead(answer).end('try again later');
  res.writeHead(200, { 'content-length': answer.byteLength }).end(answer);
});

describe('keybs sanctions update', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const update = (...args: string[]) => runCli(['sanctions', 'update', '--data-dir', dataDir, ...args], { env });
  const editions = async () => {
    const lists = await runCli(['sanctions', 'lists', '--json', '--data-dir', dataDir]);
    expect(lists.code, lists.stderr).toBe(0);
    return JSON.parse(lists.stdout) as Edition[];
  };

  beforeAll(async () => {
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env = {
      KEYBS_OFAC_SDN_URL: `${base}/ofac/downloads/sdn.csv`,
      KEYBS_OFAC_ALT_URL: `${base}/ofac/downloads/alt.csv`,
      KEYBS_OFAC_ADD_URL: `${base}/ofac/downloads/add.csv`,
      KEYBS_UN_LIST_URL: `${base}/resources/xml/en/consolidated.xml`,
    };
    dataDir = tempDataDir('keybs-sanctions-update');
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    removeDir(dataDir);
  });

  it('downloads and imports the OFAC and UN lists (EU only when its URL is set)', async () => {
    const run = await update();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ofac: imported ofac-sdn edition \d+: 7379 entries \(now current\)$/m);
    expect(run.stdout).toMatch(/^un: imported un-consolidated edition \d+: 1003 entries \(now current\)$/m);
    expect(run.stdout).not.toContain('eu');
    expect(requests.sort()).toEqual(Object.keys(OFFICIAL).sort());
    const current = (await editions()).filter((e) => e.current);
    expect(current.map((e) => [e.listId, e.entryCount])).toEqual([
      ['un-consolidated', 1003],
      ['ofac-sdn', 7379],
    ]);
  });

  it('says unchanged, and creates no edition, when the files are the same bytes', async () => {
    const before = await editions();
    const run = await update();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ofac: unchanged .*ofac-sdn edition \d+/m);
    expect(run.stdout).toMatch(/^un: unchanged .*un-consolidated edition \d+/m);
    expect(await editions()).toEqual(before);
  });

  it('exits 2 naming the URL and status when a publisher answers 503; the previous editions stay current', async () => {
    const before = await editions();
    served.set('/resources/xml/en/consolidated.xml', 503);
    try {
      const run = await update('--list', 'un');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `keybs: un: GET ${env.KEYBS_UN_LIST_URL} answered 503 Service Unavailable; the previous edition stays in force`,
      );
      expect(run.stdout).toBe('');
    } finally {
      served.clear();
    }
    expect(await editions()).toEqual(before);
  });

  it('refuses a truncated file with the importer’s line message and keeps the previous edition', async () => {
    const before = await editions();
    const sdn = OFFICIAL['/ofac/downloads/sdn.csv']!;
    served.set('/ofac/downloads/sdn.csv', sdn.subarray(0, Math.floor(sdn.byteLength / 3)));
    try {
      const run = await update();
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /keybs: ofac: sdn\.csv line \d+: expected 12 fields, got \d+ \(downloaded from http:\/\/127\.0\.0\.1:\d+\/ofac\/downloads\/sdn\.csv\); the previous edition stays in force/,
      );
      expect(run.stdout).toMatch(/^un: unchanged/m); // the other list still went ahead
    } finally {
      served.clear();
    }
    expect(await editions()).toEqual(before);
  });

  it('explains --list eu without KEYBS_EU_LIST_URL, and an unknown --list', async () => {
    const eu = await update('--list', 'eu');
    expect(eu.code).toBe(2);
    expect(eu.stderr).toContain('set KEYBS_EU_LIST_URL');
    const other = await update('--list', 'uk');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--list must be one of ofac, un, eu');
  });
});
