import { parseEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { type Hub, startHub } from '../../src/server.js';
import type { Reply, RequestOptions } from '../helpers/hub.js';

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
    async request(method, path, o) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key !== null) headers.authorization = `Bearer ${o.key}`;
      let body: string | undefined = o.raw;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(hub.url + path, { method, headers, body });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    close: () => hub.close(),
  };
}
