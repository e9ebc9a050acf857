/** Spread of each delay (±10 %), so that many failed events do not all come back at the same instant. */
const JITTER = 0.1;

/**
 * When to try an event again after its `attempts`-th failed attempt: `schedule[attempts - 1]` seconds from
 * `now` (with jitter), or null once the schedule is used up (the event becomes a dead letter).
 */
export function nextAttemptAt(
  schedule: readonly number[],
  attempts: number,
  now: number,
  random = Math.random,
): number | null {
  const seconds = schedule[attempts - 1];
  if (seconds === undefined) return null;
  const spread = 1 + (random() * 2 - 1) * JITTER;
  return now + Math.round(seconds * 1000 * spread);
}
