import type { PluginStatus } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import type { PluginStore } from '../store/plugin-store.js';
import type { PluginHealth, PluginHooks } from './definition.js';
import type { LoadedPlugin } from './load.js';
import type { PluginJob } from './schedules.js';

const HEALTH_TIMEOUT_MS = 2_000;
const RECENT_DEAD_LETTERS = 20;

/** What `GET /v1/plugins` shows of one plugin is made of. */
export interface PluginState {
  loaded: LoadedPlugin;
  hooks: PluginHooks;
  /** Whether it takes events (a routes-only plugin does not). */
  consumes: boolean;
  jobs: PluginJob[];
  started: boolean;
}

/** One plugin's state as `GET /v1/plugins` shows it; counts and dead letters of one environment. */
export async function pluginStatus(store: PluginStore, p: PluginState, livemode: boolean): Promise<PluginStatus> {
  const { definition, entry } = p.loaded;
  const name = definition.name;
  const [stats, health] = await Promise.all([
    store.stats(name, { livemode, deadLetters: RECENT_DEAD_LETTERS }),
    askHealth(p.hooks),
  ]);
  const time = (ms: number | null) => (ms === null ? null : rfc3339(ms));
  const troubled = stats.dead > 0 || stats.retrying > 0 || (health !== null && health.status !== 'ok');
  return {
    object: 'plugin',
    name,
    package: entry.package,
    version: definition.version ?? null,
    state: !p.started ? 'stopped' : troubled ? 'degraded' : 'running',
    health: health && { status: health.status, detail: health.detail ?? null },
    events: p.consumes ? [...(definition.events ?? ['verification.status_changed', 'verification.completed'])] : [],
    cursor: stats.cursor,
    head: stats.head,
    lag: p.consumes ? stats.pending + Math.max(0, stats.head - stats.cursor) : 0,
    pending: stats.pending,
    retrying: stats.retrying,
    delivered: stats.delivered,
    dead_letters: stats.dead,
    oldest_pending_at: time(stats.oldestPendingAt),
    last_success_at: time(stats.lastSuccessAt),
    last_error: stats.lastError,
    last_error_at: time(stats.lastErrorAt),
    recent_dead_letters: stats.recentDead.map((d) => ({
      event_id: d.eventId,
      event_type: d.eventType,
      verification_id: d.orderKey === d.eventId ? null : d.orderKey,
      attempts: d.attempts,
      error: d.lastError,
      failed_at: rfc3339(d.updatedAt),
    })),
    schedules: p.jobs.map(({ state }) => ({
      name: state.name,
      cron: state.cron,
      timezone: state.timezone,
      running: state.running,
      last_run_at: time(state.lastRunAt),
      last_error: state.lastError,
    })),
  };
}

/** The plugin's own health answer within 2 s; a throw or a timeout reads as `down`. */
async function askHealth(hooks: PluginHooks): Promise<PluginHealth | null> {
  if (!hooks.health) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PluginHealth>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', detail: 'health check timed out' }), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => hooks.health?.() ?? { status: 'ok' as const }), timeout]);
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
