import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECISION_COLUMNS } from '../src/columns.js';
import { duckRows, exportCommand, exportHarness } from './harness.js';

let h: Awaited<ReturnType<typeof exportHarness>>;
let file: string;
beforeEach(async () => {
  h = await exportHarness();
  file = join(h.dataDir, 'warehouse.duckdb');
});
afterEach(() => h.close());

const config = (extra: Record<string, unknown> = {}) => ({ sink: 'duckdb', duckdb: { path: file }, ...extra });

describe('warehouse export into DuckDB', () => {
  it('exports every decision of both modes once, with every documented column, and nothing twice', async () => {
    await h.seed(120);
    await h.seed(30, { livemode: false });
    const hooks = await h.plugin(config());
    const first = await exportCommand(hooks, ['run']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^exported 150 rows to duckdb in \d+\.\d s\n$/);

    const columns = await duckRows(file, 'DESCRIBE keybs_decisions');
    expect(columns.map((c) => c.column_name)).toEqual(DECISION_COLUMNS.map((c) => c.name));
    const [counts] = await duckRows(
      file,
      'SELECT count(*) AS n, count(DISTINCT verification_id) AS ids, sum(livemode::INT) AS live FROM keybs_decisions',
    );
    expect(counts).toEqual({ n: '150', ids: '150', live: '120' });

    // One row against the hub's own view of the verification.
    const [row] = await duckRows(file, 'SELECT * FROM keybs_decisions ORDER BY decided_at DESC LIMIT 1');
    const v = await h.hub.getVerification(row?.livemode as boolean, row?.verification_id as string);
    expect(v?.decision).toBeTruthy();
    expect(row).toMatchObject({
      supplier: v?.supplier,
      country_code: v?.country_code,
      registration_id: v?.registration_id,
      external_ref: v?.external_ref,
      package: v?.package,
      trust_score: String(v?.decision?.trust_score),
      risk_band: v?.decision?.risk_band,
      recommendation: v?.decision?.recommendation,
      report_url: v?.decision?.report_url,
      status: 'completed',
    });
    expect(JSON.parse(row?.checks as string)).toEqual(
      v?.checks.map((c) => ({ type: c.type, status: c.status, outcome: c.outcome })),
    );

    const again = await exportCommand(hooks, ['run']);
    expect(again.stdout).toMatch(/^exported 0 rows/);
    await h.seed(7, { fresh: true }); // decided since the last run
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 7 rows/);
    const [after] = await duckRows(
      file,
      'SELECT count(*) AS n, count(DISTINCT verification_id) AS ids FROM keybs_decisions',
    );
    expect(after).toEqual({ n: '157', ids: '157' });
  });

  it('--since re-exports as an upsert: no duplicates, and the watermark does not go back', async () => {
    await h.seed(60);
    const hooks = await h.plugin(config());
    await exportCommand(hooks, ['run']);
    const [mark] = await duckRows(file, 'SELECT decided_at_ms, verification_id FROM keybs_export_state');
    const before = Date.now();
    const again = await exportCommand(hooks, ['run', '--since', '2000-01-01']);
    expect(again.stdout).toMatch(/^exported 60 rows/);
    expect(await duckRows(file, 'SELECT count(*) AS n FROM keybs_decisions')).toEqual([{ n: '60' }]);
    // Every row was written again, not left as it was.
    const stale = `SELECT count(*) AS n FROM keybs_decisions WHERE exported_at < make_timestamp(${before * 1000})`;
    expect(await duckRows(file, stale)).toEqual([{ n: '0' }]);
    expect(await duckRows(file, 'SELECT decided_at_ms, verification_id FROM keybs_export_state')).toEqual([mark]);
  });

  it('an interrupted run leaves whole batches and the next run completes without duplicates', async () => {
    await h.seed(250);
    const hooks = await h.plugin(config({ batchSize: 50 }));
    const controller = new AbortController();
    // Stop once the second batch is committed (the lease is taken, then renewed after each batch), as Ctrl-C would.
    let leases = 0;
    h.onPut((_collection, key) => {
      if (key === 'lease' && ++leases === 3) controller.abort(new Error('interrupted'));
    });
    const result = await exportCommand(hooks, ['run'], controller.signal);
    expect(result).toMatchObject({ code: 1, stderr: 'keybs: export failed: interrupted\n' });
    expect(await duckRows(file, 'SELECT count(*) AS n FROM keybs_decisions')).toEqual([{ n: '100' }]);
    expect(await h.storage.get('runs', 'lease')).toBeUndefined();

    const resumed = await exportCommand(hooks, ['run']);
    expect(resumed.stdout).toMatch(/^exported 150 rows/);
    expect(
      await duckRows(file, 'SELECT count(*) AS n, count(DISTINCT verification_id) AS ids FROM keybs_decisions'),
    ).toEqual([{ n: '250', ids: '250' }]);
  });

  it('a read that fails half-way through a batch, or ahead of the next, is retried without losing or doubling rows', async () => {
    await h.seed(1_200);
    // Batches of 1,000 rows read in pages of 500; the next batch's first page is read while a batch commits.
    const hooks = await h.plugin(config({ modes: ['live'], batchSize: 1_000, retry: { attempts: 2, baseDelayMs: 0 } }));
    const decisions = h.hub.decisions.bind(h.hub);
    let calls = 0;
    h.hub.decisions = async (query) => {
      calls++;
      // 2: the first batch's second page (its first 500 rows already appended); 5: the read ahead of batch 2.
      if (calls === 2 || calls === 5) throw new Error(`read ${calls} failed`);
      return decisions(query);
    };
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 1200 rows/);
    expect(calls).toBe(6);
    expect(
      await duckRows(file, 'SELECT count(*) AS n, count(DISTINCT verification_id) AS ids FROM keybs_decisions'),
    ).toEqual([{ n: '1200', ids: '1200' }]);
  });

  it('a drifted target table fails the run with a clear error, visible in health()', async () => {
    await h.seed(10);
    const hooks = await h.plugin(config());
    await exportCommand(hooks, ['run']);
    await duckRows(file, 'ALTER TABLE keybs_decisions RENAME COLUMN trust_score TO score');
    await h.seed(5);
    const result = await exportCommand(hooks, ['run']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `keybs: export failed: table keybs_decisions in duckdb ${file} does not match the export's schema: missing column trust_score (int)`,
    );
    const health = await hooks.health?.();
    expect(health?.status).toBe('degraded');
    expect(health?.detail).toContain('missing column trust_score');
    expect(await duckRows(file, 'SELECT count(*) AS n FROM keybs_decisions')).toEqual([{ n: '10' }]);
  });

  it('also writes each batch as a Parquet file when parquetDir is set', async () => {
    await h.seed(90);
    const parquetDir = join(h.dataDir, 'lake');
    const hooks = await h.plugin({ sink: 'duckdb', duckdb: { path: file, parquetDir }, batchSize: 40 });
    await exportCommand(hooks, ['run']);
    expect(readdirSync(parquetDir).filter((f) => f.endsWith('.parquet'))).toHaveLength(3);
    expect(await duckRows(file, `SELECT count(DISTINCT verification_id) AS n FROM '${parquetDir}/*.parquet'`)).toEqual([
      { n: '90' },
    ]);
  });

  it('refuses a second run while one is in progress, and health() and metrics report the runs', async () => {
    await h.seed(400);
    const hooks = await h.plugin(config({ batchSize: 20 }));
    const first = exportCommand(hooks, ['run']);
    const second = await exportCommand(hooks, ['run']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('an export run is already in progress');
    expect((await first).stdout).toMatch(/^exported 400 rows/);
    const health = await hooks.health?.();
    expect(health).toMatchObject({ status: 'ok' });
    expect(health?.detail).toMatch(/^last run \S+ \(cli, duckdb\): 400 rows in \d+\.\d s, ok$/);
    const metrics = Object.fromEntries((await hooks.metrics?.())?.map((m) => [m.name, m.value]) ?? []);
    expect(metrics).toMatchObject({ rows_written_total: 400, last_run_rows: 400, last_run_failed: 0, running: 0 });
    expect(existsSync(file)).toBe(true);
  });
  it('takes over the lease of a run whose process on this host is gone, not one held on another host', async () => {
    await h.seed(30);
    const hooks = await h.plugin(config({}));
    const until = Date.now() + 600_000;
    // A pid far above Linux's pid_max: no such process.
    await h.storage.put('runs', 'lease', { owner: `${hostname()}:99999999:killed`, until });
    expect((await exportCommand(hooks, ['run'])).stdout).toMatch(/^exported 30 rows/);
    await h.storage.put('runs', 'lease', { owner: 'another-host:1:abc', until });
    const refused = await exportCommand(hooks, ['run']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('an export run is already in progress (another-host:1:abc)');
  });
});
