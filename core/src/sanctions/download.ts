import { createHash } from 'node:crypto';
import type { Env } from '../config/env.js';
import { LIST_OF_FORMAT, type ListFormat, SanctionsImportError } from './entry.js';
import { decodeListFile, parseEdition } from './import.js';
import type { SanctionsEdition, SanctionsStore } from './store.js';

/** The lists `keybs sanctions update --list` knows. */
export const UPDATE_LISTS = ['ofac', 'un', 'eu'] as const;
export type UpdateList = (typeof UPDATE_LISTS)[number];

export const DOWNLOAD_TIMEOUT_MS = 120_000;
export const DOWNLOAD_MAX_BYTES = 200_000_000;
const USER_AGENT = 'KeyBS-Hub (keybs sanctions update)';

/** The settings naming where each list is downloaded from (`KEYBS_EU_LIST_URL` has no default). */
export type SourceUrls = Pick<
  Env,
  'KEYBS_OFAC_SDN_URL' | 'KEYBS_OFAC_ALT_URL' | 'KEYBS_OFAC_ADD_URL' | 'KEYBS_UN_LIST_URL' | 'KEYBS_EU_LIST_URL'
>;

/** One file of a list: the name the importer knows it by (and names in errors), and where it is fetched. */
export interface RemoteFile {
  name: string;
  url: string;
}

export interface ListSource {
  list: UpdateList;
  format: ListFormat;
  files: readonly RemoteFile[];
}

/** The lists that can be downloaded with these settings: OFAC and UN always, EU only with `KEYBS_EU_LIST_URL`. */
export function listSources(urls: SourceUrls): ListSource[] {
  const sources: ListSource[] = [
    {
      list: 'ofac',
      format: 'ofac-csv',
      files: [
        { name: 'sdn.csv', url: urls.KEYBS_OFAC_SDN_URL },
        { name: 'alt.csv', url: urls.KEYBS_OFAC_ALT_URL },
        { name: 'add.csv', url: urls.KEYBS_OFAC_ADD_URL },
      ],
    },
    { list: 'un', format: 'un-xml', files: [{ name: 'consolidated.xml', url: urls.KEYBS_UN_LIST_URL }] },
  ];
  if (urls.KEYBS_EU_LIST_URL) {
    sources.push({ list: 'eu', format: 'eu-xml', files: [{ name: 'eu-fsf.xml', url: urls.KEYBS_EU_LIST_URL }] });
  }
  return sources;
}

/** A list file that could not be fetched: `un: GET https://… answered 503`. Trying again later may help. */
export class SanctionsDownloadError extends Error {
  override name = 'SanctionsDownloadError';
  readonly retryable = true;
  constructor(
    readonly list: UpdateList,
    readonly url: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${list}: GET ${url} ${detail}`);
  }
}

export interface DownloadOptions {
  /** For the whole file, body included (default 120 s). */
  timeoutMs?: number;
  /** Refused above this many bytes (default 200 MB). */
  maxBytes?: number;
  /** Bytes so far, and the total when the server said it (else 0). */
  onProgress?: (done: number, total: number) => void;
}

const size = (bytes: number) => (bytes >= 1_000_000 ? `${Math.round(bytes / 1_000_000)} MB` : `${bytes} bytes`);
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

function reason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * GETs one file (following redirects) into memory. Throws `SanctionsDownloadError` for a non-2xx answer,
 * a network failure, the timeout, a body over `maxBytes`, or one shorter than its Content-Length.
 */
export async function downloadFile(list: UpdateList, url: string, options: DownloadOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DOWNLOAD_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  const fail = (detail: string, status?: number) => new SanctionsDownloadError(list, url, detail, status);
  const failed = (error: unknown) =>
    error instanceof SanctionsDownloadError
      ? error
      : signal.aborted
        ? fail(`timed out after ${duration(timeoutMs)}`)
        : fail(`failed: ${reason(error)}`);

  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal, headers: { 'user-agent': USER_AGENT } });
  } catch (error) {
    throw failed(error);
  }
  const discard = () => response.body?.cancel().catch(() => undefined);
  if (!response.ok) {
    await discard();
    const via = response.redirected ? ` (redirected to ${response.url})` : '';
    throw fail(
      `answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${via}`,
      response.status,
    );
  }
  // With a Content-Encoding the length counts compressed bytes, and fetch hands over decoded ones.
  const length = response.headers.get('content-encoding') ? null : response.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  if (declared !== undefined && declared > maxBytes) {
    await discard();
    throw fail(`is ${size(declared)}, over the ${size(maxBytes)} limit`);
  }

  const chunks: Uint8Array[] = [];
  let done = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      done += next.value.byteLength;
      if (done > maxBytes) {
        await reader?.cancel().catch(() => undefined);
        throw fail(`is over the ${size(maxBytes)} limit`);
      }
      chunks.push(next.value);
      options.onProgress?.(done, declared ?? 0);
    }
  } catch (error) {
    throw failed(error);
  }
  if (declared !== undefined && done !== declared) throw fail(`ended after ${done} of ${declared} bytes`);
  return Buffer.concat(chunks);
}

/** SHA-256 (hex) over the files' bytes in order: the `checksum` `readEdition` gives the same files on disk. */
export function editionChecksum(files: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const bytes of files) hash.update(bytes);
  return hash.digest('hex');
}

export interface UpdateOptions extends Omit<DownloadOptions, 'onProgress'> {
  now?: () => number;
  /** Called as each file's download starts; what it returns hears of the progress (e.g. `progressBar`). */
  progress?: (list: UpdateList, file: RemoteFile) => { update(done: number, total: number): void; done(): void };
}

export type UpdateOutcome =
  /** A new edition, now current. */
  | { list: UpdateList; status: 'imported'; edition: SanctionsEdition }
  /** The downloaded bytes are those of the current edition: nothing stored. */
  | { list: UpdateList; status: 'unchanged'; edition: SanctionsEdition };

/**
 * Downloads a list's files and imports them as its new current edition, unless their checksum is the
 * current edition's. Every file is fetched and read before the store is touched, and the import is one
 * transaction: on any error (`SanctionsDownloadError`, `SanctionsImportError`) the previous edition stays.
 */
export async function updateList(
  store: SanctionsStore,
  source: ListSource,
  options: UpdateOptions = {},
): Promise<UpdateOutcome> {
  const { now = Date.now, progress, ...download } = options;
  const bytes: Buffer[] = [];
  for (const file of source.files) {
    const bar = progress?.(source.list, file);
    try {
      bytes.push(
        await downloadFile(source.list, file.url, {
          ...download,
          ...(bar && { onProgress: (d, t) => bar.update(d, t) }),
        }),
      );
    } finally {
      bar?.done();
    }
  }
  const checksum = editionChecksum(bytes);
  const listId = LIST_OF_FORMAT[source.format];
  const current = (await store.currentEditions()).find((e) => e.listId === listId);
  if (current?.checksum === checksum) return { list: source.list, status: 'unchanged', edition: current };

  const files = source.files.map((file, i) => ({ name: file.name, text: decodeListFile(bytes[i] ?? Buffer.alloc(0)) }));
  const edition = parseEdition(source.format, files, checksum);
  if (edition.entries.length === 0) {
    throw new SanctionsImportError(
      files.map((f) => f.name).join(', '),
      'no entries (an official edition never is empty)',
    );
  }
  return { list: source.list, status: 'imported', edition: await store.importEdition({ ...edition, loadedAt: now() }) };
}

export type UpdateResult = UpdateOutcome | { list: UpdateList; status: 'failed'; error: Error; message: string };

/**
 * `keybs sanctions update`: updates each list in turn. A list that fails is reported (`message`) and the
 * others still go ahead; any other error (the store's) is thrown.
 */
export async function updateLists(
  store: SanctionsStore,
  sources: readonly ListSource[],
  options: UpdateOptions & { onResult?: (result: UpdateResult) => void } = {},
): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  for (const source of sources) {
    let result: UpdateResult;
    try {
      result = await updateList(store, source, options);
    } catch (error) {
      if (!(error instanceof SanctionsDownloadError || error instanceof SanctionsImportError)) throw error;
      result = { list: source.list, status: 'failed', error, message: failureMessage(source, error) };
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

function failureMessage(source: ListSource, error: SanctionsDownloadError | SanctionsImportError): string {
  const kept = 'the previous edition stays in force';
  if (error instanceof SanctionsDownloadError) return `${error.message}; ${kept}`;
  const url = source.files.find((f) => f.name === error.file)?.url;
  return `${source.list}: ${error.message}${url ? ` (downloaded from ${url})` : ''}; ${kept}`;
}
