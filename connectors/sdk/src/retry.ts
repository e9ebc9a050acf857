/** When to repeat a request and how long to wait first. Pure functions; the transport applies them. */

/** Backoff never waits longer than this between two attempts. */
export const MAX_BACKOFF_MS = 8_000;
/** A `Retry-After` longer than this is not waited out: the error goes back to the caller instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an HTTP error answer can succeed when repeated: rate limits, an idempotent request still running
 * elsewhere, and server errors. Other 4xx say the request itself is wrong.
 */
export function isRetryableStatus(status: number, code: string): boolean {
  if (status === 429 || status >= 500) return true;
  return status === 409 && code === 'idempotency_key_in_use';
}

/** Exponential backoff with "equal jitter": between half and all of `baseMs * 2^retry`, capped. */
export function backoffMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** retry, MAX_BACKOFF_MS);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date names its weekday and month; Date.parse alone would also take "-1" as a year.
  const date = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
