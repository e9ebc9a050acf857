import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './env.js';

/** The optional JSON config file (`--config` / `KEYBS_CONFIG`). Plugins are loaded from it (issue #6). */
export const ConfigFileSchema = z
  .object({
    plugins: z
      .array(z.object({ package: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) }).strict())
      .default([]),
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
