import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  pollUntil,
  removeDir,
  runCli,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const ORDER = {
  supplier: 'Meridian Components Sdn. Bhd.',
  country_code: 'MY',
  registration_id: '1287654-K',
  package: 'enhanced',
};

describe('keybs users', () => {
  let dataDir: string;
  let hub: SpawnedHub;
  const users = (args: string[], input?: string) =>
    runCli(['users', ...args, '--data-dir', dataDir], input === undefined ? {} : { input });

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-users');
    hub = await startHub(dataDir);
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
  });

  it('creates an analyst with a generated password shown once, and lists users without secrets', async () => {
    const r = await users([
      'create',
      '--email',
      'ada@example.com',
      '--name',
      'Ada Okafor',
      '--role',
      'analyst',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created).toMatchObject({ email: 'ada@example.com', role: 'analyst', disabled_at: null });
    expect(created.password).toMatch(/^[\w-]{24}$/);
    const list = await users(['list', '--json']);
    const { password: _, ...publicUser } = created;
    expect(JSON.parse(list.stdout)).toEqual([publicUser]);
    expect(list.stdout).not.toContain(created.password);
    expect(list.stdout).not.toContain('scrypt');
  });

  it('takes a password on stdin and refuses a short one, a duplicate email and a bad role', async () => {
    const ok = await users(
      ['create', '--email', 'root@example.com', '--name', 'Root', '--role', 'admin', '--password-stdin'],
      'correct horse battery staple\n',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain('correct horse');
    const short = await users(
      ['create', '--email', 'x@example.com', '--name', 'X', '--role', 'admin', '--password-stdin'],
      'short\n',
    );
    expect({ code: short.code, err: short.stderr.trim() }).toEqual({
      code: 2,
      err: 'keybs: a password needs at least 12 characters',
    });
    const dup = await users(['create', '--email', 'ADA@example.com', '--name', 'Other', '--role', 'analyst']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already exists/);
    const role = await users(['create', '--email', 'y@example.com', '--name', 'Y', '--role', 'owner']);
    expect(role.stderr).toMatch(/--role admin\|analyst/);
  });

  it('the running hub assigns a new review to the analyst created from the command line', async () => {
    const r = await api(hub.url, hub.key!, 'POST', '/v1/verifications', ORDER);
    expect(r.status, r.text).toBe(201);
    const id = r.json.verification_id as string;
    const v = await pollUntil(
      async () => {
        const got = await api(hub.url, hub.key!, 'GET', `/v1/verifications/${id}`);
        return got.json.assigned_reviewer ? got.json : undefined;
      },
      { timeoutMs: 10_000, describe: () => `${id} assigned` },
    );
    expect(v).toMatchObject({ status: 'in_review', assigned_reviewer: 'Ada Okafor' });
  });

  it('disable stops new assignments', async () => {
    const r = await users(['disable', 'ada@example.com']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse((await users(['list', '--json'])).stdout);
    expect(list.find((u: { email: string }) => u.email === 'ada@example.com').disabled_at).toMatch(/Z$/);
  });
});
