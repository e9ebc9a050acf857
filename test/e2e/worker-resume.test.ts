import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  api,
  pollUntil,
  removeDir,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

/**
 * 'Registry Down' makes the simulated registry time out on every attempt. The pipeline tries 3 times
 * (backoff 2 s, then 10 s), gives up with `unavailable`, and an analyst must look: `in_review`.
 * A SIGKILL between attempts must not lose the retry schedule nor restart it from scratch.
 */
describe('the check worker resumes a retrying verification after a crash', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  let key: string;
  let id: string;

  const get = () => api(hub.url, key, 'GET', `/v1/verifications/${id}`);
  const registryCheck = (r: ApiResponse) =>
    (r.json?.checks as { type: string; status: string; outcome: string | null; attempts: number }[] | undefined)?.find(
      (c) => c.type === 'registry',
    );

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-resume');
    hub = await startHub(dataDir);
    key = hub.key!;
    expect(key).toMatch(/^sk_test_/);
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('is killed while the registry check waits for its next attempt', async () => {
    const created = await api(hub.url, key, 'POST', '/v1/verifications', {
      supplier: 'Registry Down Ltd',
      country_code: 'GB',
      registration_id: '09446231',
      package: 'basic',
    });
    expect(created.status, created.text).toBe(201);
    id = created.json.verification_id;

    let last: ApiResponse | undefined;
    const retrying = await pollUntil(
      async () => {
        last = await get();
        const check = registryCheck(last);
        return last.json?.status === 'in_progress' && check?.status === 'pending' && check.attempts >= 1
          ? check
          : undefined;
      },
      { timeoutMs: 5_000, describe: () => last?.text ?? 'no answer' },
    );
    expect(retrying.attempts).toBe(1);

    const exit = await hub.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
  });

  it('after a restart it still gives up after 3 attempts in all and lands in in_review', async () => {
    hub = await startHub(dataDir);
    expect(hub.key).toBeUndefined();

    let last: ApiResponse | undefined;
    const final = await pollUntil(
      async () => {
        last = await get();
        expect(last.status, last.text).toBe(200);
        return last.json.status === 'in_progress' ? undefined : last;
      },
      { timeoutMs: 30_000, intervalMs: 250, describe: () => last?.text ?? 'no answer' },
    );

    expect(final.json.status, final.text).toBe('in_review');
    expect(final.json.decision).toBeNull();
    const check = registryCheck(final);
    expect(check, final.text).toMatchObject({ status: 'failed', outcome: 'unavailable' });
    // The attempt made before the crash counts: the schedule resumed instead of starting over.
    expect(check!.attempts).toBe(3);
  }, 45_000);
});
