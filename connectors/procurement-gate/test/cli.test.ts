import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, tempDataDir } from '../../../test/helpers/spawn-hub.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

describe('keybs serve with a misconfigured procurement gate (the built CLI)', () => {
  it('refuses to start, naming the plugin and the reason, exit code 2', async () => {
    const dir = tempDataDir('keybs-gate-cli');
    dirs.push(dir);
    const config = join(dir, 'keybs.json');
    const coupa = { instanceUrl: 'https://acme.coupahost.com', clientId: 'keybs', approverLogin: 'keybs-api' };
    writeFileSync(
      config,
      JSON.stringify({ plugins: [{ package: '@keybs/connector-procurement-gate', config: { coupa } }] }),
    );
    const result = await runCli(['serve', '--port', '0', '--data-dir', dir, '--config', config]);
    expect(result.stderr).toBe(
      'keybs: plugin @keybs/connector-procurement-gate: invalid config: coupa.clientSecret: Invalid input: expected string, received undefined\n',
    );
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('listening on');
  });
});
