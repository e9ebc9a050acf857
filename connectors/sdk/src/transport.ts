import { randomUUID } from 'node:crypto';
import { ErrorBody } from '@keybs/contract';
import type { z } from 'zod';
import { KeyBsApiError, KeyBsConnectionError, KeyBsInvalidResponseError } from './errors.js';
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry.js';

/** The one place the SDK does network I/O. */

export const SDK_VERSION = '0.1.0';

export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

export type Query = Record<string, string | number | undefined>;

export interface ApiRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Every method but GET; a random UUID when absent. The same key goes on every retry of this call. */
  idempotencyKey?: string | undefined;
  /** The contract schema the 2xx body must match, and its name for error messages. */
  schema: z.ZodType<T>;
  schemaName: string;
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
}

export class Transport {
  constructor(private readonly config: TransportConfig) {}

  async request<T>(req: ApiRequest<T>): Promise<T> {
    const raw = await this.exchange(req, 'application/json');
    return parseBody(raw, req.schema, req.schemaName, `${req.method} ${req.path}`);
  }

  /** A GET whose answer is a file (a report's PDF): its bytes, with the same retries and errors as `request`. */
  async download(path: string, accept: string): Promise<Uint8Array> {
    return (await this.exchange({ method: 'GET', path }, accept)).bytes;
  }

  private async exchange(
    req: Pick<ApiRequest<unknown>, 'method' | 'path' | 'query' | 'body' | 'idempotencyKey'>,
    accept: string,
  ): Promise<RawResponse> {
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.config.apiKey}`,
      Accept: accept,
      'User-Agent': `keybs-sdk-node/${SDK_VERSION}`,
    };
    if (req.method !== 'GET') headers['Idempotency-Key'] = req.idempotencyKey ?? randomUUID();
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    for (let retry = 0; ; retry++) {
      const canRetry = retry < this.config.maxRetries;
      let raw: RawResponse;
      try {
        raw = await this.send(url, { method: req.method, headers, body });
      } catch (error) {
        if (!(error instanceof KeyBsConnectionError) || !canRetry) throw error;
        await this.config.sleep(backoffMs(retry, this.config.retryBaseMs));
        continue;
      }
      if (raw.status >= 200 && raw.status < 300) return raw;

      const error = apiError(raw);
      const retryAfter = parseRetryAfter(raw.headers.get('retry-after'));
      if (!error.retryable || !canRetry || (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS)) throw error;
      await this.config.sleep(retryAfter ?? backoffMs(retry, this.config.retryBaseMs));
    }
  }

  private url(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.config.baseUrl}${path}${search === '' ? '' : `?${search}`}`;
  }

  /** One attempt. The timeout covers reading the body too. */
  private async send(url: string, init: RequestInit): Promise<RawResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    const fetchImpl = this.config.fetch;
    try {
      const response = await fetchImpl(url, { ...init, signal: controller.signal });
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, headers: response.headers, text: new TextDecoder().decode(bytes), bytes };
    } catch (cause) {
      const message = timedOut
        ? `Request to ${url} timed out after ${this.config.timeoutMs} ms.`
        : `Could not reach the KeyBS hub at ${url}: ${cause instanceof Error ? cause.message : String(cause)}.`;
      throw new KeyBsConnectionError(message, { timedOut, cause });
    } finally {
      clearTimeout(timer);
    }
  }
}

function requestIdOf(raw: RawResponse): string | null {
  return raw.headers.get('x-request-id');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function parseBody<T>(raw: RawResponse, schema: z.ZodType<T>, schemaName: string, label: string): T {
  const requestId = requestIdOf(raw);
  const json = parseJson(raw.text);
  if (!json.ok) {
    throw new KeyBsInvalidResponseError(`The response to ${label} (HTTP ${raw.status}) is not JSON.`, {
      status: raw.status,
      requestId,
      issues: [],
    });
  }
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  const shown = issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
  throw new KeyBsInvalidResponseError(
    `The response to ${label} does not match the ${schemaName} schema (is the SDK older than the hub?): ${shown}`,
    { status: raw.status, requestId, issues },
  );
}

/** Builds the error from the contract's error body; a body of another shape (a proxy's page) still gives one. */
function apiError(raw: RawResponse): KeyBsApiError {
  const json = parseJson(raw.text);
  const body = json.ok ? ErrorBody.safeParse(json.value) : undefined;
  if (body?.success) {
    const e = body.data.error;
    return new KeyBsApiError({
      status: raw.status,
      type: e.type,
      code: e.code,
      message: e.message,
      param: e.param,
      requestId: e.request_id,
      retryable: isRetryableStatus(raw.status, e.code),
    });
  }
  return new KeyBsApiError({
    status: raw.status,
    type: 'api_error',
    code: 'unexpected_response',
    message: `The hub answered HTTP ${raw.status} without a KeyBS error body.`,
    requestId: requestIdOf(raw),
    retryable: isRetryableStatus(raw.status, ''),
  });
}
