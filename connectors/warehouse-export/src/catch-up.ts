import { createTask } from 'node-cron';

const DAY_MS = 86_400_000;

/**
 * Whether a run of `cron` (in `timezone`) fell due after `lastRunAt` and up to `now`: a night the hub was down.
 * Looks back at most 8 days (1 day for a 6-field, per-second expression); no last run at all counts as missed.
 */
export function missedRun(cron: string, timezone: string, lastRunAt: number | null, now: number): boolean {
  if (lastRunAt === null) return true;
  const perSecond = cron.trim().split(/\s+/).length === 6;
  const step = perSecond ? 1_000 : 60_000;
  const from = Math.max(lastRunAt, now - (perSecond ? DAY_MS : 8 * DAY_MS));
  const task = createTask(cron, () => undefined, { timezone });
  try {
    for (let t = Math.floor(from / step) * step + step; t <= now; t += step) if (task.match(new Date(t))) return true;
    return false;
  } finally {
    void task.destroy();
  }
}
