import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { type Hub, startHub } from '../../src/server.js';
import { ORDER } from '../helpers/hub.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const printed: string[] = [];
let hub: Hub;

beforeAll(async () => {
  const env = parseEnv({
    KEYBS_DATA_DIR: mkdtempSync(join(tmpdir(), 'keybs-log-')),
    PORT: '0',
    KEYBS_LOG_LEVEL: 'debug',
  });
  hub = await startHub({
    env,
    logger: createLogger('debug', sink),
    print: (line) => printed.push(line),
    wiring: { metrics: new Metrics(false) },
  });
});
afterAll(() => hub.close());

describe('logs', () => {
  it('log every request by request id and key id, and never contain a secret', async () => {
    const firstKey = printed.find((l) => l.trim().startsWith('sk_test_'))?.trim();
    expect(firstKey).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    const { secret, key } = await hub.services.keys.create({ env: 'live' });
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const ok = await fetch(`${hub.url}/v1/verifications`, { method: 'POST', headers, body: JSON.stringify(ORDER) });
    const bad = await fetch(`${hub.url}/v1/verifications`, {
      headers: { authorization: `Bearer ${firstKey}x` },
    });
    expect([ok.status, bad.status]).toEqual([201, 401]);
    await hub.close();

    const all = lines.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(firstKey);
    expect(all).not.toContain(secret.slice(8));
    const request = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request' && l.status === 201);
    expect(request).toMatchObject({
      method: 'POST',
      route: '/v1/verifications',
      key_id: key.id,
      request_id: ok.headers.get('x-request-id'),
    });
  });
});
