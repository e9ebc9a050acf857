/** A procurement system's failure; `retryable` tells the hub (and the poller) whether trying again can help. */
export class VendorError extends Error {
  override name = 'VendorError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The HTTP status, or null for a network failure or timeout. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** A 404 on an approval: it was decided or withdrawn in the system itself, so there is nothing left to do. */
export const isGone = (error: unknown): boolean => error instanceof VendorError && error.status === 404;

/** Throttling, server errors and timeouts pass; anything else a client sent wrong stays wrong. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
