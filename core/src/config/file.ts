import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './env.js';

/** Default seconds between a plugin's attempts at one event: 8 retries over about 10.5 h, then a dead letter. */
export const DEFAULT_PLUGIN_RETRY_SCHEDULE = [5, 30, 120, 600, 1800, 3600, 10800, 21600];

/** One enabled plugin: the package, its own config, and how the hub runs it. */
export const PluginEntrySchema = z
  .object({
    package: z.string().min(1),
    config: z.record(z.string(), z.unknown()).default({}),
    /** Seconds between attempts at a failing event; after the last, the event is dead-lettered. */
    retrySchedule: z.array(z.number().min(0)).max(50).default(DEFAULT_PLUGIN_RETRY_SCHEDULE),
    /** An attempt (one event or one batch) that takes longer fails and is retried. */
    timeoutSeconds: z.number().positive().default(30),
    /** Attempts in flight at once for this plugin. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /**
     * Events handed to this plugin per second at most, so catching up on a backlog takes a small share of the CPU
     * at a time (the default, 500: 10,000 decisions in 20 s). 0: no limit (docs/plugins.md says when that is fine).
     */
    maxEventsPerSecond: z.number().min(0).default(500),
  })
  .strict();
export type PluginEntry = z.infer<typeof PluginEntrySchema>;

/** The optional JSON config file (`--config` / `KEYBS_CONFIG`). Plugins are loaded from it (issue #6). */
export const ConfigFileSchema = z
  .object({
    plugins: z.array(PluginEntrySchema).default([]),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export function loadConfigFile(path: string | undefined): ConfigFile {
  if (!path) return ConfigFileSchema.parse({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = ConfigFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`config file ${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}
