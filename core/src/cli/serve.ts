import { createLogger } from '../observability/logger.js';
import { startHub } from '../server.js';
import { COMMON_OPTIONS, envWith, parse } from './args.js';

export const SERVE_HELP = `keybs serve [--port N] [--host ADDRESS] [--data-dir DIR] [--config FILE]
  Starts the hub (default http://127.0.0.1:8080, data in ./.keybs). --port 0 picks a free port; --host 0.0.0.0
  listens on every interface (behind a load balancer).
  Env: PORT, HOST, KEYBS_DATA_DIR, KEYBS_CONFIG, KEYBS_PUBLIC_URL, KEYBS_LOG_LEVEL (see README).`;

export async function serve(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
  });
  if (values.help) return void console.log(SERVE_HELP);
  const env = envWith(values);
  const logger = createLogger(env.KEYBS_LOG_LEVEL);
  // The plugins run in a thread of their own, so their work never holds the API's event loop (docs/plugins.md).
  const hub = await startHub({ env, logger, print: (line) => console.log(line), wiring: { pluginThread: true } });
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    logger.info({ signal }, 'shutting down');
    const exit = (code: number) => logger.flush(() => process.exit(code));
    hub.close().then(
      () => exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
