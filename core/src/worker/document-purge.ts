import { schedule } from 'node-cron';
import type { Documents } from '../documents/documents.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../observability/logger.js';
import type { JobLocks } from '../store/locks.js';

const DAY_MS = 86_400_000;

export interface DocumentPurgeOptions {
  /** Cron expression, in UTC (default: daily at 03:30). */
  schedule: string;
  retentionDays: number;
}

/**
 * Deletes document content past its retention: once at start (a night the hub was down is caught up), then on
 * the cron schedule. Each run is logged with how many documents it purged. One run at a time across every hub
 * process on the database (`locks`): a process that finds the purge running elsewhere skips its turn.
 * Returns a function that stops it.
 */
export function scheduleDocumentPurge(
  documents: Documents,
  clock: Clock,
  logger: Logger,
  locks: JobLocks,
  options: DocumentPurgeOptions,
): () => void {
  const run = async () => {
    try {
      const outcome = await locks.tryRun('document-purge', () =>
        documents.purgeDocuments(clock.now(), options.retentionDays * DAY_MS),
      );
      if (!outcome.ran) return logger.info('document purge skipped: another hub process is running it');
      logger.info({ purged: outcome.value, retention_days: options.retentionDays }, 'document purge finished');
    } catch (error) {
      logger.error({ err: error }, 'document purge failed');
    }
  };
  void run();
  const task = schedule(options.schedule, run, { name: 'document-purge', timezone: 'UTC', noOverlap: true });
  return () => void task.destroy();
}
