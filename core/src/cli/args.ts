import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Env, parseEnv } from '../config/env.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Parsed flag values: booleans for boolean options, strings otherwise. */
export type Values<O extends Options> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };

export function parse<O extends Options>(argv: string[], options: O): { values: Values<O>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values<O>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The environment with command-line flags layered on top (flags win). */
export function envWith(values: { 'data-dir'?: string; config?: string; port?: string; host?: string }): Env {
  return parseEnv({
    ...process.env,
    ...(values['data-dir'] !== undefined && { KEYBS_DATA_DIR: values['data-dir'] }),
    ...(values.config !== undefined && { KEYBS_CONFIG: values.config }),
    ...(values.port !== undefined && { PORT: values.port }),
    ...(values.host !== undefined && { HOST: values.host }),
  });
}
