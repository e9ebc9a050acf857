import { definePlugin, type PluginHealth } from '@keybs/core/plugins';
import { missedRun } from './catch-up.js';
import { exportCommand } from './command.js';
import { WarehouseExportConfig } from './config.js';
import { Exporter, type RunRecord } from './exporter.js';
import { createSink } from './sinks/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

function describe(run: RunRecord): string {
  const seconds = ((run.finishedAt - run.startedAt) / 1000).toFixed(1);
  const outcome = run.error === null ? 'ok' : `failed: ${run.error}`;
  return `last run ${iso(run.startedAt)} (${run.trigger}, ${run.sink}): ${run.rows} rows in ${seconds} s, ${outcome}`;
}

/** Exports every decision into `keybs_decisions` in DuckDB, BigQuery or Snowflake, nightly and on demand. */
export const warehouseExportPlugin = definePlugin({
  name: 'warehouse-export',
  version: '0.1.0',
  core: '^0.1.0',
  config: WarehouseExportConfig,
  setup({ config, hub, storage, logger, now }) {
    const exporter = new Exporter({
      hub,
      config,
      storage,
      logger,
      now,
      createSink: (name) => createSink(config, now, name),
    });
    return {
      schedules: [
        {
          name: 'nightly-export',
          cron: config.schedule,
          timezone: config.timezone,
          run: async (signal) => void (await exporter.run({ signal, trigger: 'schedule' })),
        },
      ],
      async start() {
        if (!config.catchUp) return;
        const last = await exporter.lastSuccess();
        if (!missedRun(config.schedule, config.timezone, last?.startedAt ?? null, now())) return;
        logger.info({ last_success: last && iso(last.startedAt) }, 'warehouse export: a scheduled run was missed');
        exporter.run({ trigger: 'catch-up' }).catch(() => undefined); // failures are logged and kept for health()
      },
      commands: [exportCommand(exporter)],
      async health(): Promise<PluginHealth> {
        const [last, success] = await Promise.all([exporter.lastRun(), exporter.lastSuccess()]);
        const running = exporter.running ? 'running now; ' : '';
        if (!last) return { status: 'ok', detail: `${running}no export run yet` };
        const previous = last.error !== null && success ? `; last success ${iso(success.startedAt)}` : '';
        return { status: last.error === null ? 'ok' : 'degraded', detail: `${running}${describe(last)}${previous}` };
      },
      metrics: async () => {
        const [last, success] = await Promise.all([exporter.lastRun(), exporter.lastSuccess()]);
        return [
          { name: 'rows_written_total', help: 'Rows written by this process', value: exporter.rowsWritten },
          { name: 'running', help: '1 while a run is in progress', value: exporter.running ? 1 : 0 },
          { name: 'last_run_rows', help: 'Rows written by the last run', value: last?.rows ?? 0 },
          { name: 'last_run_failed', help: '1 when the last run failed', value: last?.error ? 1 : 0 },
          {
            name: 'last_success_timestamp_seconds',
            help: 'When the last successful run started',
            value: success ? success.startedAt / 1000 : 0,
          },
        ];
      },
      close: () => exporter.settled(),
    };
  },
});
