import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, tempDataDir } from '../helpers/spawn-hub.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

describe('keybs serve --config with plugins (the built CLI)', () => {
  it('refuses to start with a misconfigured plugin, naming it and the reason, exit code 2', async () => {
    const dir = tempDataDir('keybs-plugins');
    dirs.push(dir);
    const config = join(dir, 'keybs.json');
    writeFileSync(
      config,
      JSON.stringify({ plugins: [{ package: '@keybs/connector-salesforce', config: { accessToken: 'x' } }] }),
    );
    const result = await runCli(['serve', '--port', '0', '--data-dir', dir, '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^keybs: plugin @keybs\/connector-salesforce: invalid config: instanceUrl: Invalid input: expected string, received undefined\n/,
    );
    expect(result.stdout).not.toContain('listening on');
  });

  it('keybs plugins status and replay work on the data dir', async () => {
    const dir = tempDataDir('keybs-plugins');
    dirs.push(dir);
    expect((await runCli(['plugins', 'status', '--data-dir', dir])).stdout).toBe(
      'no plugin has run on this database\n',
    );
    const replay = await runCli(['plugins', 'replay', 'nope', '--dead-letters', '--data-dir', dir]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain("no plugin named 'nope' has run on this database");
  });
});
