import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startHub, stopAllHubs, tempDataDir } from '../helpers/spawn-hub.js';

describe('keybs serve --host', () => {
  const dir = tempDataDir('keybs-serve-host');
  afterAll(async () => {
    await stopAllHubs();
    removeDir(dir);
  });

  it('listens on the address given, and only there', async () => {
    const hub = await startHub(dir, { args: ['--port', '0', '--host', '127.0.0.2', '--data-dir', dir] });
    const there = await fetch(`http://127.0.0.2:${hub.port}/healthz`);
    expect(there.status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${hub.port}/healthz`)).rejects.toThrow();
  });
});
