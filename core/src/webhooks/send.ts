import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, isBlockedAddress } from './ssrf.js';

// The one place that sends webhook HTTP requests: a single attempt, no retries and no redirects.
// Scheduling, signing and retries belong to the dispatcher.

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** 'block_private' refuses loopback, private, link-local and reserved addresses at connect time. */
  guard: 'none' | 'block_private';
}

export interface SendResult {
  /** Null when no response headers arrived (or the attempt timed out). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The first 2048 bytes of the response body as UTF-8; null if the body was empty. */
  responseBody: string | null;
  /** From `Retry-After` (delta-seconds or HTTP-date), capped at 86400. */
  retryAfterSeconds: number | null;
}

export const USER_AGENT = 'KeyBS-Webhooks/1.0';
const KEPT_BODY_BYTES = 2048;
/** Past this much response body the socket is destroyed instead of drained for reuse. */
const MAX_DRAINED_BYTES = 1024 * 1024;
const MAX_RETRY_AFTER_SECONDS = 86_400;

// One pool per protocol and guard: a socket opened without the guard (perhaps to a private address)
// must never be handed to a guarded request, and the agent's own `lookup` wins over a request's.
const agentOptions = { keepAlive: true, maxSockets: 64, timeout: 30_000 };
const guardedOptions = { ...agentOptions, lookup: guardedLookup({ allowPrivate: false }) };
const agents = {
  none: { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) },
  block_private: { 'http:': new http.Agent(guardedOptions), 'https:': new https.Agent(guardedOptions) },
};

/**
 * Parses `Retry-After`: delta-seconds or an HTTP-date (all three RFC 9110 forms), as seconds from `now`,
 * capped at 86400; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  // Every HTTP-date starts with a day name; requiring it stops Date.parse from reading "1.5" as a date.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  // asctime dates carry no zone but are GMT; Date.parse would read them as local time.
  const at = Date.parse(/GMT$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

function errorCode(error: unknown): string | undefined {
  const { code } = error as NodeJS.ErrnoException;
  if (code) return code;
  // Connecting to several addresses (autoSelectFamily) can fail with an AggregateError of the attempts.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return undefined;
}

function describeError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'connection reset (ECONNRESET)';
    case 'ENOTFOUND':
      return 'host not found (ENOTFOUND)';
    case 'EAI_AGAIN':
      return 'dns lookup failed (EAI_AGAIN)';
    case 'ESSRF':
      return `${message} (ESSRF)`;
    case undefined:
      return message;
    default:
      return `${message} (${code})`;
  }
}

/** Sends one webhook POST. Never throws: every failure is described in `error`. */
export function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failure = (error: string): SendResult => ({
    statusCode: null,
    latencyMs: elapsed(),
    error,
    responseBody: null,
    retryAfterSeconds: null,
  });

  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.resolve(failure('invalid url'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(failure(`unsupported url scheme ${url.protocol}`));
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // Node connects to IP literals without calling `lookup`, so the guard cannot see them there.
  if (req.guard === 'block_private' && net.isIP(host) !== 0 && isBlockedAddress(host)) {
    return Promise.resolve(failure(`blocked: ${host} is a loopback, private, link-local or reserved address (ESSRF)`));
  }

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let request: http.ClientRequest | undefined;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle(failure(`timeout after ${req.timeoutMs} ms`));
      request?.destroy();
    }, req.timeoutMs);

    try {
      const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
      request = (protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: agents[req.guard][protocol],
        // Ours come last so a caller's header in another case cannot override them.
        headers: {
          ...req.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(req.body)),
          'user-agent': USER_AGENT,
        },
      });
    } catch (error) {
      settle(failure(describeError(error)));
      return;
    }

    request.on('error', (error) => settle(failure(describeError(error))));
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? null;
      const retryAfterSeconds = parseRetryAfter(response.headers['retry-after']);
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let totalBytes = 0;
      const finish = (error: string | null) => {
        const body = Buffer.concat(kept).toString('utf8');
        settle({ statusCode, latencyMs: elapsed(), error, responseBody: body === '' ? null : body, retryAfterSeconds });
      };
      response.on('data', (chunk: Buffer) => {
        totalBytes += chunk.length;
        if (keptBytes < KEPT_BODY_BYTES) {
          const part = chunk.subarray(0, KEPT_BODY_BYTES - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
        // Reading the rest lets the socket go back to the pool; past the limit it is cheaper to drop it.
        if (totalBytes > MAX_DRAINED_BYTES) {
          finish(null);
          response.destroy();
        }
      });
      response.on('end', () => finish(null));
      response.on('error', (error) => finish(`response body interrupted: ${describeError(error)}`));
      response.on('close', () => {
        if (!response.complete) finish('response body interrupted');
      });
    });
    request.end(req.body);
  });
}
