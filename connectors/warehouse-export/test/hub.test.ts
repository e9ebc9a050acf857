import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type TestHub } from '../../../core/test/helpers/hub.js';
import { pluginStatus, startPluginHub } from '../../../core/test/plugins/plugin-hub.js';
import { duckRows, exportHarness } from './harness.js';

let t: TestHub | undefined;
let h: Awaited<ReturnType<typeof exportHarness>> | undefined;
afterEach(async () => {
  await t?.close();
  await h?.close();
});

describe('the warehouse-export plugin in a running hub', () => {
  it('catches up a never-run export at start, and shows the run in GET /v1/plugins and /metrics', async () => {
    h = await exportHarness();
    await h.seed(40);
    const file = join(h.dataDir, 'warehouse.duckdb');
    t = await startPluginHub(
      [
        {
          package: '@keybs/connector-warehouse-export',
          config: { sink: 'duckdb', duckdb: { path: file }, schedule: '0 2 * * *', timezone: 'Europe/London' },
        },
      ],
      { dataDir: h.dataDir },
    );
    const status = await eventually(async () => {
      const s = await pluginStatus(t as TestHub, 'warehouse-export');
      return s?.health?.detail?.startsWith('last run') ? s : undefined;
    });
    expect(status).toMatchObject({
      package: '@keybs/connector-warehouse-export',
      state: 'running',
      health: { status: 'ok' },
      schedules: [{ name: 'nightly-export', cron: '0 2 * * *', timezone: 'Europe/London', running: false }],
    });
    expect(status.health.detail).toMatch(/^last run \S+ \(catch-up, duckdb\): 40 rows in \d+\.\d s, ok$/);

    const metrics = await t.request('GET', '/metrics', { key: null });
    expect(metrics.text).toContain('keybs_plugin_metric{plugin="warehouse-export",metric="last_run_rows"} 40');
    expect(metrics.text).toContain('keybs_plugin_metric{plugin="warehouse-export",metric="last_run_failed"} 0');
    await t.close();
    t = undefined;
    expect(await duckRows(file, 'SELECT count(*) AS n FROM keybs_decisions')).toEqual([{ n: '40' }]);
  });
});
