import type { Clock } from '../domain/clock.js';
import { IDEMPOTENCY_WINDOW_MS } from '../domain/idempotency.js';
import type { Reviews } from '../domain/reviews.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

const EVERY_MS = 60_000;
/** Delivery attempts are kept 30 days. */
const DELIVERY_LOG_RETENTION_MS = 30 * 86_400_000;

/**
 * Periodic clean-up every minute: idempotency keys past their 24 h window, overdue reviews escalated, webhook
 * attempts past 30 days. (Document content has its own daily schedule: document-purge.ts.)
 */
export function startHousekeeping(store: Store, clock: Clock, logger: Logger, reviews?: Reviews): () => void {
  const sweep = async () => {
    try {
      const purged = await store.idempotency.purge(clock.now() - IDEMPOTENCY_WINDOW_MS);
      if (purged > 0) logger.info({ purged }, 'purged expired idempotency keys');
      const escalated = (await reviews?.escalateOverdue()) ?? 0;
      if (escalated > 0) logger.warn({ escalated }, 'reviews past their due time escalated');
      const attempts = await store.webhooks.purge(clock.now() - DELIVERY_LOG_RETENTION_MS);
      if (attempts > 0) logger.info({ purged: attempts }, 'purged webhook delivery log older than 30 days');
    } catch (error) {
      logger.error({ err: error }, 'housekeeping failed');
    }
  };
  void sweep();
  const timer = setInterval(sweep, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
