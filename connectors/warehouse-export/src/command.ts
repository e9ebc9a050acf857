import { parseArgs } from 'node:util';
import type { PluginCommand, PluginCommandIO } from '@keybs/core/plugins';
import { SINK_NAMES, type SinkName } from './config.js';
import type { Exporter } from './exporter.js';
import { keepHeapSmall } from './heap.js';

export const EXPORT_HELP = `keybs export run [--since DATE] [--sink duckdb|bigquery|snowflake] [--config FILE] [--data-dir DIR]
  Exports every decision not yet in the warehouse now (the nightly run of the warehouse-export plugin), and
  prints how many rows it wrote. --since re-exports decisions decided since DATE (an upsert: no duplicates).`;

/** A one-line progress bar on a TTY; nothing elsewhere. */
function progress(stream: NodeJS.WriteStream) {
  let shown = false;
  return {
    update(done: number, total: number) {
      if (!stream.isTTY || total <= 0) return;
      const width = 30;
      const filled = Math.min(width, Math.round((done / total) * width));
      stream.write(`\rexporting [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}

function parseSince(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new Error(`--since must be a date (YYYY-MM-DD) or an RFC 3339 time, not '${value}'`);
  return ms;
}

async function run(exporter: Exporter, argv: string[], io: PluginCommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { since: { type: 'string' }, sink: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals[0] !== 'run') {
    io.stdout.write(`${EXPORT_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const sink = values.sink;
  if (sink !== undefined && !(SINK_NAMES as readonly string[]).includes(sink)) {
    io.stderr.write(`keybs: --sink must be one of ${SINK_NAMES.join(', ')}\n`);
    return 2;
  }
  const since = parseSince(values.since);
  keepHeapSmall();
  const bar = progress(io.stderr);
  try {
    const record = await exporter.run({
      trigger: 'cli',
      signal: io.signal,
      // Without a TTY there is no bar, and the run skips counting the rows it has ahead.
      ...(io.stderr.isTTY && { onProgress: (done: number, total: number) => bar.update(done, total) }),
      ...(since !== undefined && { since }),
      ...(sink !== undefined && { sink: sink as SinkName }),
    });
    bar.done();
    const seconds = ((record.finishedAt - record.startedAt) / 1000).toFixed(1);
    io.stdout.write(`exported ${record.rows} row${record.rows === 1 ? '' : 's'} to ${record.sink} in ${seconds} s\n`);
    return 0;
  } catch (error) {
    bar.done();
    io.stderr.write(`keybs: export failed: ${(error as Error).message}\n`);
    return 1;
  }
}

export const exportCommand = (exporter: Exporter): PluginCommand => ({
  name: 'export',
  help: EXPORT_HELP,
  run: (argv, io) => run(exporter, argv, io),
});
