import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../config/env.js';
import { migrate } from '../store/sqlite/migrate.js';
import { sqliteSanctionsStore } from '../store/sqlite/sanctions.js';
import {
  downloadFile,
  editionChecksum,
  type ListSource,
  listSources,
  SanctionsDownloadError,
  updateList,
  updateLists,
} from './download.js';
import { SanctionsImportError } from './entry.js';
import { importListFiles, readEdition } from './import.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/sanctions/', import.meta.url));
const OFAC_PATHS = ['sdn.csv', 'alt.csv', 'add.csv'].map((f) => join(DATA, 'ofac', f));
const UN_PATH = join(DATA, 'un', 'consolidated.xml');
const [SDN, ALT, ADD] = OFAC_PATHS.map((p) => readFileSync(p));
const UN = readFileSync(UN_PATH);

/** What the fake answers on a path: a body, a bare status, a redirect, or nothing ever. */
type Route =
  | { body: Uint8Array; chunked?: boolean }
  | { status: number }
  | { redirect: string }
  | { hang: true }
  | { shortBody: Uint8Array; claimed: number };

/** The official paths, as the publishers' servers have them (OFAC's redirects elsewhere, as the real one does). */
const officialRoutes = (): Map<string, Route> =>
  new Map<string, Route>([
    ['/ofac/downloads/sdn.csv', { redirect: '/api/PublicationPreview/exports/SDN.CSV' }],
    ['/api/PublicationPreview/exports/SDN.CSV', { body: SDN! }],
    ['/ofac/downloads/alt.csv', { body: ALT! }],
    ['/ofac/downloads/add.csv', { body: ADD! }],
    ['/resources/xml/en/consolidated.xml', { body: UN }],
  ]);

const routes = officialRoutes();
const requests: string[] = [];

function answer(res: ServerResponse, route: Route | undefined): void {
  if (!route) return void res.writeHead(404).end('not found');
  if ('status' in route) return void res.writeHead(route.status).end('unavailable');
  if ('redirect' in route) return void res.writeHead(302, { location: route.redirect }).end();
  if ('hang' in route) return;
  if ('shortBody' in route) {
    res.writeHead(200, { 'content-length': route.claimed });
    res.write(route.shortBody);
    return void res.socket?.destroy();
  }
  if (route.chunked) {
    res.writeHead(200); // no Content-Length: sent chunked
    res.write(route.body.subarray(0, 1000));
    return void res.end(route.body.subarray(1000));
  }
  res.writeHead(200, { 'content-length': route.body.byteLength }).end(route.body);
}

const server = createServer((req, res) => {
  requests.push(req.url ?? '');
  answer(res, routes.get(req.url ?? ''));
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  routes.clear();
  for (const [path, route] of officialRoutes()) routes.set(path, route);
  requests.length = 0;
});

/** The settings a test run uses: the official paths on the fake. */
function fakeEnv(extra: Record<string, string> = {}) {
  return parseEnv({
    KEYBS_OFAC_SDN_URL: `${base}/ofac/downloads/sdn.csv`,
    KEYBS_OFAC_ALT_URL: `${base}/ofac/downloads/alt.csv`,
    KEYBS_OFAC_ADD_URL: `${base}/ofac/downloads/add.csv`,
    KEYBS_UN_LIST_URL: `${base}/resources/xml/en/consolidated.xml`,
    ...extra,
  });
}
const sourcesOf = (extra?: Record<string, string>) => listSources(fakeEnv(extra));
const source = (list: 'ofac' | 'un'): ListSource => sourcesOf().find((s) => s.list === list)!;

function newStore() {
  const db = new Database(':memory:');
  migrate(db);
  return sqliteSanctionsStore(db);
}

describe('listSources', () => {
  it('defaults to the publishers’ own addresses, with the EU list only when its URL is set', () => {
    const official = listSources(parseEnv({}));
    expect(official.map((s) => [s.list, s.format, s.files.map((f) => f.url)])).toEqual([
      [
        'ofac',
        'ofac-csv',
        [
          'https://www.treasury.gov/ofac/downloads/sdn.csv',
          'https://www.treasury.gov/ofac/downloads/alt.csv',
          'https://www.treasury.gov/ofac/downloads/add.csv',
        ],
      ],
      ['un', 'un-xml', ['https://scsanctions.un.org/resources/xml/en/consolidated.xml']],
    ]);
    const eu = listSources(parseEnv({ KEYBS_EU_LIST_URL: 'https://mirror.example/eu.xml' }));
    expect(eu.at(-1)).toEqual({
      list: 'eu',
      format: 'eu-xml',
      files: [{ name: 'eu-fsf.xml', url: 'https://mirror.example/eu.xml' }],
    });
    expect(() => parseEnv({ KEYBS_UN_LIST_URL: 'not a url' })).toThrow(ConfigError);
  });
});

describe('downloadFile', () => {
  it('follows redirects and reports progress against the Content-Length', async () => {
    const seen: [number, number][] = [];
    const bytes = await downloadFile('ofac', `${base}/ofac/downloads/sdn.csv`, {
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(bytes.equals(SDN!)).toBe(true);
    expect(requests).toEqual(['/ofac/downloads/sdn.csv', '/api/PublicationPreview/exports/SDN.CSV']);
    expect(seen.at(-1)).toEqual([SDN!.byteLength, SDN!.byteLength]);
  });

  it('reads a chunked body (no Content-Length)', async () => {
    routes.set('/chunked', { body: UN, chunked: true });
    const seen: number[] = [];
    const bytes = await downloadFile('un', `${base}/chunked`, { onProgress: (_, total) => seen.push(total) });
    expect(bytes.equals(UN)).toBe(true);
    expect(new Set(seen)).toEqual(new Set([0]));
  });

  it('names the list, the URL and the status of a non-2xx answer', async () => {
    routes.set('/resources/xml/en/consolidated.xml', { status: 503 });
    const url = `${base}/resources/xml/en/consolidated.xml`;
    const error = await downloadFile('un', url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanctionsDownloadError);
    expect((error as SanctionsDownloadError).message).toBe(`un: GET ${url} answered 503 Service Unavailable`);
    expect((error as SanctionsDownloadError).status).toBe(503);
    await expect(downloadFile('un', `${base}/nowhere`)).rejects.toThrow(`un: GET ${base}/nowhere answered 404`);
  });

  it('says so when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    await expect(downloadFile('un', `http://127.0.0.1:${port}/x.xml`)).rejects.toThrow(
      new RegExp(`^un: GET http://127\\.0\\.0\\.1:${port}/x\\.xml failed: .*ECONNREFUSED`),
    );
  });

  it('refuses a file over the size limit, whether the server says its length or not', async () => {
    await expect(downloadFile('un', `${base}/resources/xml/en/consolidated.xml`, { maxBytes: 1000 })).rejects.toThrow(
      `is ${Math.round(UN.byteLength / 1e6)} MB, over the 1000 bytes limit`,
    );
    routes.set('/chunked', { body: UN, chunked: true });
    await expect(downloadFile('un', `${base}/chunked`, { maxBytes: 5000 })).rejects.toThrow(
      'is over the 5000 bytes limit',
    );
  });

  it('gives up after the timeout', async () => {
    routes.set('/hang', { hang: true });
    await expect(downloadFile('un', `${base}/hang`, { timeoutMs: 200 })).rejects.toThrow(
      `un: GET ${base}/hang timed out after 200 ms`,
    );
  });

  it('refuses a body cut short of its Content-Length', async () => {
    routes.set('/short', { shortBody: UN.subarray(0, 1000), claimed: UN.byteLength });
    const error = await downloadFile('un', `${base}/short`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanctionsDownloadError);
    expect((error as Error).message).toMatch(new RegExp(`^un: GET ${base}/short (failed|ended after)`));
  });
});

describe('updateList', () => {
  it('imports OFAC and UN as new current editions, with the checksum an import from disk gives', async () => {
    const store = newStore();
    const bars: string[] = [];
    const ofac = await updateList(store, source('ofac'), {
      now: () => 1_700_000_000_000,
      progress: (list, file) => {
        bars.push(`${list} ${file.name}`);
        return { update: () => undefined, done: () => undefined };
      },
    });
    expect(bars).toEqual(['ofac sdn.csv', 'ofac alt.csv', 'ofac add.csv']);
    expect(ofac).toMatchObject({
      status: 'imported',
      edition: {
        listId: 'ofac-sdn',
        entryCount: 7379,
        current: true,
        loadedAt: 1_700_000_000_000,
        source: 'ofac-csv: sdn.csv, alt.csv, add.csv',
        checksum: (await readEdition('ofac-csv', OFAC_PATHS)).checksum,
      },
    });
    expect(ofac.edition.checksum).toBe(editionChecksum([SDN!, ALT!, ADD!]));
    const un = await updateList(store, source('un'));
    expect(un).toMatchObject({
      status: 'imported',
      edition: { listId: 'un-consolidated', entryCount: 1003, publishedAt: '2026-02-27T00:00:09.554Z' },
    });
    expect(un.edition.checksum).toBe((await readEdition('un-xml', [UN_PATH])).checksum);
  });

  it('says unchanged, and stores nothing, when the bytes are the current edition’s', async () => {
    const store = newStore();
    const first = await updateList(store, source('un'));
    const again = await updateList(store, source('un'));
    expect(again).toEqual({ list: 'un', status: 'unchanged', edition: first.edition });
    expect(await store.listEditions()).toHaveLength(1);
  });

  it('says unchanged for files already imported from disk with `keybs sanctions import`', async () => {
    const store = newStore();
    const imported = await importListFiles(store, 'ofac-csv', OFAC_PATHS);
    expect(await updateList(store, source('ofac'))).toMatchObject({ status: 'unchanged', edition: imported });
    expect(await store.listEditions()).toHaveLength(1);
  });

  it('imports nothing when one of the files cannot be fetched', async () => {
    const store = newStore();
    const before = await updateList(store, source('ofac'));
    routes.set('/ofac/downloads/sdn.csv', { body: SDN!.subarray(0, SDN!.byteLength - 100) }); // a change…
    routes.set('/ofac/downloads/alt.csv', { status: 503 }); // …that cannot be completed
    await expect(updateList(store, source('ofac'))).rejects.toThrow(
      `ofac: GET ${base}/ofac/downloads/alt.csv answered 503`,
    );
    expect(await store.currentEditions()).toEqual([before.edition]);
    expect(await store.listEditions()).toHaveLength(1);
  });

  it('refuses a garbled file with the importer’s line message; the previous edition stays', async () => {
    const store = newStore();
    const before = await updateList(store, source('ofac'));
    routes.set('/ofac/downloads/sdn.csv', { body: SDN!.subarray(0, Math.floor(SDN!.byteLength / 3)) });
    const error = await updateList(store, source('ofac')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanctionsImportError);
    expect((error as Error).message).toMatch(/^sdn\.csv line \d+: expected 12 fields, got \d+$/);
    routes.set('/resources/xml/en/consolidated.xml', { body: UN.subarray(0, UN.byteLength / 2) });
    await expect(updateList(store, source('un'))).rejects.toThrow(/^consolidated\.xml line \d+.*: malformed XML/);
    expect(await store.currentEditions()).toEqual([before.edition]);
  });

  it('refuses files that hold no entries at all', async () => {
    const store = newStore();
    routes.set('/ofac/downloads/sdn.csv', { body: Buffer.alloc(0) });
    routes.set('/ofac/downloads/alt.csv', { body: Buffer.alloc(0) });
    routes.set('/ofac/downloads/add.csv', { body: Buffer.alloc(0) });
    await expect(updateList(store, source('ofac'))).rejects.toThrow('sdn.csv, alt.csv, add.csv: no entries');
    expect(await store.listEditions()).toEqual([]);
  });
});

describe('updateLists', () => {
  it('reports each list; one that fails keeps its edition and does not stop the others', async () => {
    const store = newStore();
    const un = await updateList(store, source('un'));
    routes.set('/resources/xml/en/consolidated.xml', { status: 503 });
    routes.set('/ofac/downloads/add.csv', { body: Buffer.from('garbled\n') });
    const seen: string[] = [];
    const results = await updateLists(store, sourcesOf(), { onResult: (r) => seen.push(r.status) });
    expect(seen).toEqual(['failed', 'failed']);
    expect(results.map((r) => (r.status === 'failed' ? r.message : r.status))).toEqual([
      `ofac: add.csv line 1: expected 6 fields, got 1 (downloaded from ${base}/ofac/downloads/add.csv); the previous edition stays in force`,
      `un: GET ${base}/resources/xml/en/consolidated.xml answered 503 Service Unavailable; the previous edition stays in force`,
    ]);
    expect(await store.currentEditions()).toEqual([un.edition]);

    routes.set('/resources/xml/en/consolidated.xml', { body: UN });
    routes.set('/ofac/downloads/add.csv', { body: ADD! });
    const again = await updateLists(store, sourcesOf());
    expect(again.map((r) => [r.list, r.status])).toEqual([
      ['ofac', 'imported'],
      ['un', 'unchanged'],
    ]);
  });
});
