/**
 * Lets the event loop serve I/O (API requests) before going on. Store calls are synchronous under their async
 * signatures, so a loop of them awaits only microtasks: background work that loops over many rows calls this
 * between rows or batches so it never holds the loop for long.
 */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
