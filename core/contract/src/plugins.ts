import { z } from 'zod';
import { Timestamp } from './common.js';

export const PluginDeadLetter = z
  .object({
    event_id: z.string(),
    event_type: z.string(),
    verification_id: z.string().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    failed_at: Timestamp,
  })
  .meta({ id: 'PluginDeadLetter' });

export const PluginScheduleStatus = z
  .object({
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    running: z.boolean(),
    last_run_at: Timestamp.nullable(),
    last_error: z.string().nullable(),
  })
  .meta({ id: 'PluginScheduleStatus' });

/** One loaded plugin: its state, how far behind the event log it is, and what it could not handle. */
export const PluginStatus = z
  .object({
    object: z.literal('plugin'),
    name: z.string(),
    package: z.string(),
    version: z.string().nullable(),
    state: z.enum(['running', 'degraded', 'stopped']),
    health: z.object({ status: z.enum(['ok', 'degraded', 'down']), detail: z.string().nullable() }).nullable(),
    events: z.array(z.string()),
    cursor: z.number().int().describe('The last event (seq) this plugin has taken from the log.'),
    head: z.number().int().describe('The newest event (seq) in the log.'),
    lag: z
      .number()
      .int()
      .describe('Events not yet handled: pending ones (this environment) plus every event past the cursor.'),
    pending: z.number().int(),
    retrying: z.number().int(),
    delivered: z.number().int(),
    dead_letters: z.number().int(),
    oldest_pending_at: Timestamp.nullable(),
    last_success_at: Timestamp.nullable(),
    last_error: z.string().nullable(),
    last_error_at: Timestamp.nullable(),
    recent_dead_letters: z.array(PluginDeadLetter),
    schedules: z.array(PluginScheduleStatus),
  })
  .meta({ id: 'PluginStatus' });
export type PluginStatus = z.infer<typeof PluginStatus>;

export const PluginList = z.object({ data: z.array(PluginStatus) }).meta({ id: 'PluginList' });
