import { ApiError } from '../../domain/errors.js';
import type { Services } from '../services.js';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per API key, in this process's memory: `perSecond` sustained, `burst` at once.
 * Refusals are 429 with `Retry-After` in whole seconds.
 */
export type RateLimiter = (keyId: string) => void;

/** Takes a token for the key, or throws 429. */
export function rateLimit(services: Services): RateLimiter {
  const perSecond = services.env.KEYBS_RATE_LIMIT_PER_SECOND;
  const burst = services.env.KEYBS_RATE_LIMIT_BURST;
  const buckets = new Map<string, Bucket>();
  return (keyId) => {
    if (perSecond === 0) return;
    const now = services.clock.now();
    const bucket = buckets.get(keyId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    services.metrics.rateLimited.inc();
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    throw new ApiError('rate_limited', undefined, undefined, { 'Retry-After': String(retryAfter) });
  };
}
