import { RetryableCheckError } from '../check.js';

export interface HttpOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

export interface JsonReply {
  status: number;
  /** The parsed JSON body; `null` when the body was empty. */
  body: unknown;
}

/**
 * The one place the registry adapters do network I/O: a GET with a deadline that covers the body too.
 * What trying again later may cure (no answer, a timeout, 429, 5xx, a truncated body) throws
 * `RetryableCheckError`; every other status comes back for the adapter to judge.
 */
export async function getJson(registry: string, url: string, options: HttpOptions): Promise<JsonReply> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: options.headers ?? {}, signal });
  } catch (error) {
    throw new RetryableCheckError(`${registry} did not answer: ${reason(error, options.timeoutMs)}`);
  }
  if (response.status === 429 || response.status >= 500) {
    await response.body?.cancel().catch(() => undefined);
    throw new RetryableCheckError(`${registry} answered HTTP ${response.status}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new RetryableCheckError(`${registry} broke off its answer: ${reason(error, options.timeoutMs)}`);
  }
  if (text.trim() === '') return { status: response.status, body: null };
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    if (!response.ok) return { status: response.status, body: text };
    throw new RetryableCheckError(`${registry} answered HTTP ${response.status} with a body that is not JSON`);
  }
}

function reason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
