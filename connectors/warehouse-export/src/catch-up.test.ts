import { describe, expect, it } from 'vitest';
import { missedRun } from './catch-up.js';

const at = (iso: string) => Date.parse(iso);

describe('missedRun', () => {
  it('is true when the nightly time passed since the last run, false otherwise', () => {
    const last = at('2026-05-26T02:00:04Z');
    expect(missedRun('0 2 * * *', 'UTC', last, at('2026-05-27T01:59:00Z'))).toBe(false);
    expect(missedRun('0 2 * * *', 'UTC', last, at('2026-05-27T02:00:00Z'))).toBe(true);
    expect(missedRun('0 2 * * *', 'UTC', last, at('2026-05-29T09:00:00Z'))).toBe(true);
  });

  it('reads the schedule in its time zone', () => {
    // 02:00 in Kuala Lumpur is 18:00 UTC the day before.
    const last = at('2026-05-26T18:00:03Z');
    expect(missedRun('0 2 * * *', 'Asia/Kuala_Lumpur', last, at('2026-05-27T17:59:00Z'))).toBe(false);
    expect(missedRun('0 2 * * *', 'Asia/Kuala_Lumpur', last, at('2026-05-27T18:00:30Z'))).toBe(true);
  });

  it('counts a plugin that never ran as having missed its run', () => {
    expect(missedRun('0 2 * * *', 'UTC', null, Date.now())).toBe(true);
  });
});
