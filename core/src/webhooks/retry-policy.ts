import type { DeliveryStatus } from '../store/webhook-records.js';

export interface RetryPolicy {
  /** Delays between attempts, in ms: attempt n+1 waits `delays[n-1]`; past the end the delivery has failed. */
  delaysMs: readonly number[];
  /** ±share of each delay drawn at random, so a recovering receiver is not hit by every retry at once. */
  jitter: number;
  /** An endpoint failing this long without a success is disabled. */
  disableAfterMs: number;
}

export const FIVE_DAYS_MS = 5 * 86_400_000;

/** `KEYBS_WEBHOOK_RETRY_SCHEDULE`: comma-separated seconds, e.g. `5,300,1800`. */
export function parseSchedule(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) {
    throw new Error(`invalid KEYBS_WEBHOOK_RETRY_SCHEDULE '${text}': use comma-separated seconds like 5,300,1800`);
  }
  return parts.map((p) => Math.round(Number(p) * 1000));
}

export interface AttemptFacts {
  statusCode: number | null;
  retryAfterSeconds: number | null;
  /** Attempts made before this one. */
  previousAttempts: number;
  failingSince: number | null;
  now: number;
}

export interface Decision {
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  failingSince: number | null;
  /** Why to disable the endpoint now, or null. */
  disable: 'gone' | 'failing' | null;
}

/**
 * What follows an attempt: 2xx succeeds; 410 means the receiver is gone (disable); anything else, a timeout or a
 * refused connection is retried on the schedule (Retry-After wins when given) until it runs out.
 */
export function decide(f: AttemptFacts, policy: RetryPolicy, random: () => number = Math.random): Decision {
  if (f.statusCode !== null && f.statusCode >= 200 && f.statusCode < 300) {
    return { status: 'succeeded', nextAttemptAt: null, failingSince: null, disable: null };
  }
  const failingSince = f.failingSince ?? f.now;
  if (f.statusCode === 410) return { status: 'failed', nextAttemptAt: null, failingSince, disable: 'gone' };
  const disable = f.now - failingSince >= policy.disableAfterMs ? 'failing' : null;
  const delay = policy.delaysMs[f.previousAttempts];
  if (delay === undefined) return { status: 'failed', nextAttemptAt: null, failingSince, disable };
  const wait =
    f.retryAfterSeconds !== null ? f.retryAfterSeconds * 1000 : delay * (1 + policy.jitter * (2 * random() - 1));
  return { status: 'pending', nextAttemptAt: f.now + Math.round(wait), failingSince, disable };
}
