import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBigQuery } from '../../../test/fakes/bigquery.js';
import { exportCommand, exportHarness } from './harness.js';

let h: Awaited<ReturnType<typeof exportHarness>>;
let bq: FakeBigQuery;
beforeEach(async () => {
  h = await exportHarness();
  bq = await new FakeBigQuery().start();
});
afterEach(async () => {
  await bq.stop();
  await h.close();
});

const config = (extra: Record<string, unknown> = {}) => ({
  sink: 'bigquery',
  bigquery: { projectId: 'acme-data', dataset: 'kyb', apiEndpoint: bq.url, maxRetries: 0 },
  modes: ['live'],
  retry: { attempts: 1, baseDelayMs: 0 },
  ...extra,
});
const count = async () =>
  (await bq.sql('SELECT count(*) AS n, count(DISTINCT verification_id) AS ids FROM kyb.keybs_decisions'))[0];
const watermark = () => bq.sql('SELECT mode, verification_id FROM kyb.keybs_export_state');

describe('warehouse export into BigQuery (against a fake speaking its REST API)', () => {
  it('creates the dataset and tables, loads NDJSON under deterministic job ids, MERGEs, and never twice', async () => {
    await h.seed(45);
    const hooks = await h.plugin(config({ batchSize: 20 }));
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 45 rows to bigquery/);
    expect(await count()).toEqual({ n: '45', ids: '45' });

    const uploads = bq.calls.filter((c) => c.path.startsWith('/upload/bigquery/v2/projects/acme-data/jobs'));
    expect(uploads).toHaveLength(3);
    expect(uploads.every((c) => c.path.includes('uploadType=multipart'))).toBe(true);
    expect([...bq.jobs.keys()].every((id) => /^keybs_export_[0-9a-f]{12}_live_[0-9a-f]{24}$/.test(id))).toBe(true);
    const merges = bq.queries.filter((q) => q.includes('MERGE INTO `acme-data.kyb.keybs_decisions`'));
    expect(merges).toHaveLength(3);
    expect(merges[0]).toMatch(
      /^BEGIN TRANSACTION;\n.*;\nMERGE INTO `acme-data.kyb.keybs_export_state`.*;\nCOMMIT TRANSACTION;$/s,
    );

    const [row] = await bq.sql('SELECT * FROM kyb.keybs_decisions ORDER BY decided_at LIMIT 1');
    const v = await h.hub.getVerification(true, row?.verification_id as string);
    expect(row).toMatchObject({ supplier: v?.supplier, recommendation: v?.decision?.recommendation, livemode: true });
    expect(Date.parse(`${row?.decided_at}Z`)).toBeGreaterThan(Date.parse(v?.created_at ?? ''));

    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 0 rows/);
    expect(await count()).toEqual({ n: '45', ids: '45' });
    // Each run's staging table is dropped at its end.
    expect(await bq.sql("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%staging%'")).toEqual(
      [],
    );
  });

  it('a sink that is down fails the run cleanly, leaves the watermark, and the next run exports everything', async () => {
    await h.seed(30);
    const hooks = await h.plugin(config({ batchSize: 10 }));
    await exportCommand(hooks, ['run']);
    const before = await watermark();
    await h.seed(25, { fresh: true });
    bq.down = true;
    const failed = await exportCommand(hooks, ['run']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^keybs: export failed: .*Service temporarily unavailable/);
    expect((await hooks.health?.())?.status).toBe('degraded');
    bq.down = false;
    expect(await watermark()).toEqual(before);
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 25 rows/);
    expect(await count()).toEqual({ n: '55', ids: '55' });
    expect((await hooks.health?.())?.status).toBe('ok');
  });

  it('a run that fails halfway leaves whole batches; the next run completes it without duplicates', async () => {
    await h.seed(50);
    const hooks = await h.plugin(config({ batchSize: 20 }));
    bq.failMerges = 0;
    let merges = 0;
    const original = bq.queries.push.bind(bq.queries);
    bq.queries.push = (...items: string[]) => {
      if (items.some((q) => q.includes('MERGE')) && ++merges === 2) bq.failMerges = 1;
      return original(...items);
    };
    const failed = await exportCommand(hooks, ['run']);
    expect(failed.stderr).toContain('injected MERGE failure');
    expect(await count()).toEqual({ n: '20', ids: '20' });
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 30 rows/);
    expect(await count()).toEqual({ n: '50', ids: '50' });
  });

  it('a retried upload whose first answer was lost finds its job by id instead of loading twice', async () => {
    await h.seed(15);
    const hooks = await h.plugin(config({ retry: { attempts: 3, baseDelayMs: 1 } }));
    bq.loseNextUploadAnswer = true;
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 15 rows/);
    const uploads = bq.calls.filter((c) => c.path.startsWith('/upload/'));
    expect(uploads).toHaveLength(2);
    expect(bq.jobs.size).toBe(1);
    expect(await count()).toEqual({ n: '15', ids: '15' });
  });

  it('a drifted target table is a clear error', async () => {
    await h.seed(5);
    const hooks = await h.plugin(config());
    await exportCommand(hooks, ['run']);
    await bq.sql('ALTER TABLE kyb.keybs_decisions DROP COLUMN risk_band');
    const failed = await exportCommand(hooks, ['run']);
    expect(failed.stderr).toBe(
      "keybs: export failed: table keybs_decisions in bigquery acme-data.kyb does not match the export's schema: " +
        'missing column risk_band (string). Restore the columns, or point the export at a new table (see the package README).\n',
    );
  });
});
