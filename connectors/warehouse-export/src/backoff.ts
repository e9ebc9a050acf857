/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

/**
 * Runs `work` up to `policy.attempts` times, waiting baseDelayMs × 2^(n-1) (±20 %) between attempts. An error
 * with `retryable: false` (a schema drift) and an abort end it at once.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  work: () => Promise<T>,
  options: { signal?: AbortSignal; onRetry?: (error: unknown, attempt: number) => void } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const permanent = (error as { retryable?: unknown } | null)?.retryable === false;
      if (permanent || attempt >= policy.attempts || options.signal?.aborted) throw error;
      options.onRetry?.(error, attempt);
      const spread = 0.8 + Math.random() * 0.4;
      await delay(Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * spread), options.signal);
    }
  }
}
