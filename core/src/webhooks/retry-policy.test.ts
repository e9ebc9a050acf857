import { describe, expect, it } from 'vitest';
import { decide, FIVE_DAYS_MS, parseSchedule } from './retry-policy.js';

const policy = {
  delaysMs: parseSchedule('5,300,1800,7200,18000,36000,36000'),
  jitter: 0.2,
  disableAfterMs: FIVE_DAYS_MS,
};
const facts = { statusCode: 500, retryAfterSeconds: null, previousAttempts: 0, failingSince: null, now: 1_000_000 };

describe('retry policy', () => {
  it('parses the default schedule: 8 attempts over about 27.6 h', () => {
    expect(policy.delaysMs).toHaveLength(7);
    expect(policy.delaysMs.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(27.6, 1);
    expect(() => parseSchedule('5,soon')).toThrow(/invalid/);
  });

  it('2xx succeeds and clears the failing streak', () => {
    expect(decide({ ...facts, statusCode: 204, failingSince: 5 }, policy)).toEqual({
      status: 'succeeded',
      nextAttemptAt: null,
      failingSince: null,
      disable: null,
    });
  });

  it('retries on the schedule with ±20 % jitter', () => {
    const low = decide(facts, policy, () => 0);
    const high = decide(facts, policy, () => 1);
    expect(low).toMatchObject({ status: 'pending', nextAttemptAt: facts.now + 4_000, failingSince: facts.now });
    expect(high.nextAttemptAt).toBe(facts.now + 6_000);
    expect(decide({ ...facts, previousAttempts: 1 }, policy, () => 0.5).nextAttemptAt).toBe(facts.now + 300_000);
  });

  it('a timeout or refused connection (no status) is retried like a 5xx', () => {
    expect(decide({ ...facts, statusCode: null }, policy, () => 0.5).status).toBe('pending');
  });

  it('honours Retry-After', () => {
    expect(decide({ ...facts, retryAfterSeconds: 120 }, policy).nextAttemptAt).toBe(facts.now + 120_000);
  });

  it('fails after the last scheduled attempt', () => {
    expect(decide({ ...facts, previousAttempts: 7 }, policy)).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });

  it('410 fails the delivery and disables the endpoint', () => {
    expect(decide({ ...facts, statusCode: 410 }, policy)).toMatchObject({ status: 'failed', disable: 'gone' });
  });

  it('five days of failure disables the endpoint', () => {
    const since = facts.now - FIVE_DAYS_MS;
    expect(decide({ ...facts, failingSince: since }, policy).disable).toBe('failing');
    expect(decide({ ...facts, failingSince: since + 1 }, policy).disable).toBeNull();
  });
});
