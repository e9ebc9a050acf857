import { parseEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { type Hub, startHub } from '../../src/server.js';
import { type Reply, type RequestOptions, requestTo } from '../helpers/hub.js';

export interface HubOn {
  hub: Hub;
  url: string;
  request(method: string, path: string, options: RequestOptions & { key: string | null }): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * A real hub in this process on `dataDir` with exactly this environment: SQLite in the data dir unless `env`
 * names a KEYBS_DATABASE_URL (unlike startTestHub, which picks PostgreSQL whenever the PostgreSQL pass runs).
 */
export async function hubOn(dataDir: string, env: Record<string, string> = {}): Promise<HubOn> {
  const parsed = parseEnv({
    KEYBS_DATA_DIR: dataDir,
    PORT: '0',
    KEYBS_LOG_LEVEL: 'silent',
    KEYBS_WORKER_POLL_MS: '50',
    ...env,
  });
  const hub = await startHub({ env: parsed, logger: silentLogger, wiring: { metrics: new Metrics(false) } });
  return {
    hub,
    url: hub.url,
    request: requestTo(hub.url, null),
    close: () => hub.close(),
  };
}
