import type { SinkName, WarehouseExportConfig } from '../config.js';
import type { Sink } from '../sink.js';

/**
 * The configured sink (or another configured one, by name, for `keybs export run --sink`). Each sink's client
 * library is loaded only when that sink is used.
 */
export async function createSink(
  config: WarehouseExportConfig,
  now: () => number,
  name: SinkName = config.sink,
): Promise<Sink> {
  const missing = () => new Error(`sink '${name}' is not configured (add a '${name}' section to the plugin config)`);
  switch (name) {
    case 'duckdb': {
      if (!config.duckdb) throw missing();
      const { DuckDbSink } = await import('./duckdb.js');
      return new DuckDbSink({ ...config.duckdb, now });
    }
    case 'bigquery': {
      if (!config.bigquery) throw missing();
      const { BigQuerySink } = await import('./bigquery.js');
      return new BigQuerySink({ ...config.bigquery, now });
    }
    case 'snowflake': {
      if (!config.snowflake) throw missing();
      const { SnowflakeSink } = await import('./snowflake.js');
      return new SnowflakeSink({ ...config.snowflake, now });
    }
  }
}
