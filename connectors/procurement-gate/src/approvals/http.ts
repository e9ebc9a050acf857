import { retryableStatus, VendorError } from './vendor-error.js';

export interface JsonCall {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  form?: URLSearchParams;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface JsonReply {
  status: number;
  body: unknown;
}

/**
 * One HTTP call, the only network I/O of the adapters. Answers the status and parsed JSON of any HTTP reply
 * (the caller decides what a status means); throws a retryable VendorError when no reply came.
 */
export async function callJson(vendor: string, call: JsonCall): Promise<JsonReply> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | URLSearchParams | undefined;
  if (call.form) body = call.form;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] = 'application/json';
  }
  try {
    const res = await fetch(call.url, { method: call.method, headers, body: body ?? null, signal });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = text.slice(0, 300);
    }
    return { status: res.status, body: parsed };
  } catch (error) {
    const why = timeout.aborted ? `no answer within ${call.timeoutMs} ms` : (error as Error).message;
    throw new VendorError(`${vendor} unreachable: ${call.method} ${new URL(call.url).pathname}: ${why}`, true);
  }
}

/** Throws the VendorError a non-2xx reply stands for, with the system's own message. */
export function failure(vendor: string, call: Pick<JsonCall, 'method' | 'url'>, reply: JsonReply): VendorError {
  const path = new URL(call.url).pathname;
  return new VendorError(
    `${vendor} answered ${reply.status} to ${call.method} ${path}: ${messageOf(reply.body)}`,
    retryableStatus(reply.status),
    reply.status,
  );
}

/** The message of Coupa's `{"errors":{field:[…]}}`, Ariba's `{"message"}` or OAuth's `{"error_description"}`. */
function messageOf(body: unknown): string {
  if (typeof body === 'string') return body || 'no message';
  if (typeof body !== 'object' || body === null) return 'no message';
  const b = body as Record<string, unknown>;
  if (typeof b.error_description === 'string') return `${b.error ?? 'error'}: ${b.error_description}`;
  if (typeof b.message === 'string') return b.message;
  if (typeof b.errors === 'object' && b.errors !== null) {
    return Object.entries(b.errors as Record<string, unknown>)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join('; ');
  }
  return JSON.stringify(body).slice(0, 300);
}
