import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestHub } from '../helpers/hub.js';
import { testDatabase } from '../postgres/test-database.js';

const key = () => randomBytes(32).toString('base64');

describe('the master key check', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keybs-master-key-'));
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await (await testDatabase(dataDir))?.drop();
  });

  it('refuses a start with a master key other than the one the database was sealed with, and takes the right one', async () => {
    const first = key();
    const hub = await startTestHub({ dataDir, env: { KEYBS_MASTER_KEY: first } });
    const hook = await hub.request('POST', '/v1/webhooks', {
      body: { url: 'https://example.com/hook', events: ['decision_issued'] },
    });
    expect(hook.status, hook.text).toBe(201);
    await hub.hub.close();

    await expect(startTestHub({ dataDir, env: { KEYBS_MASTER_KEY: key() } })).rejects.toThrow(
      /not the one the database was sealed with.*same KEYBS_MASTER_KEY/,
    );

    const again = await startTestHub({ dataDir, env: { KEYBS_MASTER_KEY: first } });
    const read = await again.request('GET', `/v1/webhooks/${hook.json.id}`);
    expect(read.status, read.text).toBe(200);
    await again.hub.close();
  });
});
