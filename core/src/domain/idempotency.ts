/** How long an Idempotency-Key's stored answer is replayed (contract §2). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
