import { loadConfigFile } from '../config/file.js';
import { createLogger } from '../observability/logger.js';
import { wire } from '../services.js';
import { envWith } from './args.js';

/** Takes the core's `--config`/`--data-dir` out of a plugin command's arguments (`--flag V` or `--flag=V`). */
function splitCommonFlags(argv: string[]): { common: { config?: string; 'data-dir'?: string }; rest: string[] } {
  const common: { config?: string; 'data-dir'?: string } = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--(config|data-dir)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value !== undefined) common[match[1] as 'config' | 'data-dir'] = value;
  }
  return { common, rest };
}

/**
 * Runs `keybs <name> …` when a plugin of the config file offers that command: the plugins are loaded and set up
 * against the local data dir (as `serve` does, without serving or starting them), the command runs, and the
 * plugins are closed. Resolves to false when no plugin offers it.
 */
export async function pluginCommand(name: string, argv: string[]): Promise<boolean> {
  const { common, rest } = splitCommonFlags(argv);
  const env = envWith(common);
  const config = loadConfigFile(env.KEYBS_CONFIG);
  if (config.plugins.length === 0) return false;
  // The command reports its own outcome; plugin logs go to stderr only when KEYBS_LOG_LEVEL asks for them.
  const level = process.env.KEYBS_LOG_LEVEL === undefined ? 'silent' : env.KEYBS_LOG_LEVEL;
  const { services } = wire(env, createLogger(level, process.stderr));
  try {
    await services.plugins.load(config, env.KEYBS_CONFIG);
    const command = services.plugins.command(name);
    if (!command) return false;
    const controller = new AbortController();
    const abort = () => controller.abort(new Error('interrupted'));
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    try {
      process.exitCode = await command.run(rest, {
        stdout: process.stdout,
        stderr: process.stderr,
        signal: controller.signal,
      });
    } finally {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    }
    return true;
  } finally {
    await services.plugins.stop();
    await services.store.close();
  }
}
