import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './retry.js';

describe('nextAttemptAt', () => {
  const schedule = [5, 60];
  it('waits the scheduled seconds after each failed attempt', () => {
    expect(nextAttemptAt(schedule, 1, 1_000, () => 0.5)).toBe(6_000);
    expect(nextAttemptAt(schedule, 2, 1_000, () => 0.5)).toBe(61_000);
  });
  it('spreads each delay by at most 10 %', () => {
    expect(nextAttemptAt(schedule, 2, 0, () => 0)).toBe(54_000);
    expect(nextAttemptAt(schedule, 2, 0, () => 1)).toBe(66_000);
  });
  it('gives up (dead letter) once the schedule is used up', () => {
    expect(nextAttemptAt(schedule, 3, 0)).toBeNull();
    expect(nextAttemptAt([], 1, 0)).toBeNull();
  });
});
