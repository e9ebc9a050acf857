import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, MAX_BACKOFF_MS, parseRetryAfter } from './retry.js';

describe('isRetryableStatus', () => {
  it('retries rate limits, server errors and an idempotent request still running, nothing else', () => {
    expect(isRetryableStatus(429, 'rate_limited')).toBe(true);
    expect(isRetryableStatus(500, 'internal_error')).toBe(true);
    expect(isRetryableStatus(503, '')).toBe(true);
    expect(isRetryableStatus(409, 'idempotency_key_in_use')).toBe(true);
    expect(isRetryableStatus(409, 'report_not_ready')).toBe(false);
    for (const status of [400, 401, 403, 404, 405, 413, 415, 422]) expect(isRetryableStatus(status, 'x')).toBe(false);
  });
});

describe('backoffMs', () => {
  it('doubles each retry, jitters within the upper half, and caps', () => {
    expect(backoffMs(0, 100, () => 0)).toBe(50);
    expect(backoffMs(0, 100, () => 1)).toBe(100);
    expect(backoffMs(3, 100, () => 0)).toBe(400);
    expect(backoffMs(3, 100, () => 1)).toBe(800);
    expect(backoffMs(20, 100, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores junk', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0.5 ')).toBe(500);
    const now = Date.parse('2026-05-27T11:04:00Z');
    expect(parseRetryAfter('Wed, 27 May 2026 11:04:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 27 May 2026 11:03:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});
