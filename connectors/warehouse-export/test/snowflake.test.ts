import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSnowflake } from '../../../test/fakes/snowflake.js';
import { runCli } from '../../../test/helpers/spawn-hub.js';
import { exportHarness } from './harness.js';

// Through the built CLI (`npx tsc -b` first), as an operator runs it: `keybs export run` loads the plugin from the
// config file. (snowflake-sdk's AWS dependencies cannot load under the test runner's `module` resolve condition.)
async function cli(plugin: Record<string, unknown>, args: string[] = ['run']) {
  const file = join(h.dataDir, 'keybs.json');
  writeFileSync(file, JSON.stringify({ plugins: [{ package: '@keybs/connector-warehouse-export', config: plugin }] }));
  const result = await runCli(['export', ...args, '--config', file, '--data-dir', h.dataDir]);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

let h: Awaited<ReturnType<typeof exportHarness>>;
let sf: FakeSnowflake;
beforeEach(async () => {
  h = await exportHarness();
  sf = await new FakeSnowflake({ username: 'KEYBS_EXPORT', password: 's3cret' }).start();
});
afterEach(async () => {
  await sf.stop();
  await h.close();
});

const config = (extra: Record<string, unknown> = {}, password = 's3cret') => ({
  sink: 'snowflake',
  snowflake: { account: 'acme-xy12345', username: 'KEYBS_EXPORT', password, database: 'KYB', accessUrl: sf.url },
  retry: { attempts: 1, baseDelayMs: 0 },
  ...extra,
});
const count = async () =>
  (await sf.sql('SELECT count(*) AS n, count(DISTINCT verification_id) AS ids FROM keybs_decisions'))[0];

describe('warehouse export into Snowflake (against a fake speaking its REST protocol)', () => {
  it('logs in, stages each batch with array binds into a temporary table, MERGEs, and never twice', async () => {
    await h.seed(70);
    await h.seed(10, { livemode: false });
    const hooks = config({ batchSize: 50 });
    expect((await cli(hooks)).stdout).toMatch(/^exported 80 rows to snowflake/);
    expect(await count()).toEqual({ n: '80', ids: '80' });
    expect(sf.logins[0]).toMatchObject({
      LOGIN_NAME: 'KEYBS_EXPORT',
      PASSWORD: 's3cret',
      ACCOUNT_NAME: 'acme-xy12345',
    });

    const texts = sf.queries.map((q) => q.sqlText);
    expect(texts).toContain(
      'CREATE TEMPORARY TABLE IF NOT EXISTS keybs_decisions_stage (verification_id VARCHAR NOT NULL, livemode BOOLEAN NOT NULL, supplier VARCHAR NOT NULL, country_code VARCHAR NOT NULL, registration_id VARCHAR NOT NULL, external_ref VARCHAR, package VARCHAR NOT NULL, status VARCHAR NOT NULL, trust_score NUMBER(38,0) NOT NULL, risk_band VARCHAR NOT NULL, confidence FLOAT NOT NULL, country_tier NUMBER(38,0) NOT NULL, registry_status VARCHAR NOT NULL, sanctions_status VARCHAR, document_score FLOAT, beneficiary VARCHAR NOT NULL, analyst VARCHAR, recommendation VARCHAR NOT NULL, report_url VARCHAR NOT NULL, signed_at TIMESTAMP_NTZ NOT NULL, created_at TIMESTAMP_NTZ NOT NULL, decided_at TIMESTAMP_NTZ NOT NULL, checks VARCHAR NOT NULL, exported_at TIMESTAMP_NTZ NOT NULL)',
    );
    const inserts = sf.queries.filter((q) => q.sqlText.startsWith('INSERT INTO keybs_decisions_stage'));
    // 70 live rows in batches of 50 and 20, then 10 test rows: one array bind per batch, one value list per column.
    expect(inserts.map((q) => (q.bindings?.['1']?.value as unknown[] | undefined)?.length)).toEqual([50, 20, 10]);
    expect(Object.keys(inserts[0]?.bindings ?? {})).toHaveLength(24);
    expect(texts.filter((t) => t === 'BEGIN')).toHaveLength(3);
    expect(texts.filter((t) => t.startsWith('MERGE INTO keybs_decisions AS t'))).toHaveLength(3);
    expect(await sf.sql('SELECT mode FROM keybs_export_state ORDER BY mode')).toEqual([
      { mode: 'live' },
      { mode: 'test' },
    ]);
    const [row] = await sf.sql('SELECT checks, json_array_length(checks) AS n FROM keybs_decisions LIMIT 1');
    expect(Number(row?.n)).toBeGreaterThanOrEqual(4);

    expect((await cli(hooks)).stdout).toMatch(/^exported 0 rows/);
    expect(await count()).toEqual({ n: '80', ids: '80' });
    expect(sf.openSessions).toBe(0);
  });

  it('a run that fails at a MERGE leaves whole batches; the next run completes it without duplicates', async () => {
    await h.seed(90);
    const hooks = config({ batchSize: 40, modes: ['live'] });
    await cli(hooks);
    await h.seed(90, { fresh: true });
    const before = sf.queries.length;
    sf.failMerges = 1;
    const failed = await cli(hooks);
    expect(failed.stderr).toContain('injected MERGE failure');
    expect(sf.queries.slice(before).map((q) => q.sqlText)).toContain('ROLLBACK');
    expect(await count()).toEqual({ n: '90', ids: '90' });
    expect((await cli(hooks)).stdout).toMatch(/^exported 90 rows/);
    expect(await count()).toEqual({ n: '180', ids: '180' });
  });

  it('wrong credentials and a drifted table are clear errors', async () => {
    await h.seed(3);
    const refused = await cli(config({}, 'wrong'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('keybs: export failed: Incorrect username or password was specified.\n');
    const hooks = config();
    await cli(hooks);
    await sf.sql('ALTER TABLE keybs_decisions ALTER COLUMN confidence TYPE VARCHAR');
    const drifted = await cli(hooks);
    expect(drifted.stderr).toContain(
      "table keybs_decisions in snowflake KYB.PUBLIC does not match the export's schema: column confidence is string, expected float",
    );
  });
});
