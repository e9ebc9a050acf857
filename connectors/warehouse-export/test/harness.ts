import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { PluginCommandIO, PluginHooks } from '@keybs/core/plugins';
import { parseEnv } from '../../../core/src/config/env.js';
import { silentLogger } from '../../../core/src/observability/logger.js';
import { pluginHub, pluginStorage } from '../../../core/src/plugins/hub-api.js';
import { wire } from '../../../core/src/services.js';
import { seedDecisions } from '../../../scripts/seed-decisions-lib.mjs';
import { WarehouseExportConfig } from '../src/config.js';
import { warehouseExportPlugin } from '../src/plugin.js';

const DAY = 86_400_000;

/** A hub's domain and store on a temp data dir (real SQLite), with seeded decisions, and the plugin set up on it. */
export async function exportHarness() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keybs-export-'));
  const { services } = wire(parseEnv({ KEYBS_DATA_DIR: dataDir, KEYBS_LOG_LEVEL: 'silent' }), silentLogger);
  const hub = pluginHub(services.verifications, () => 'http://hub.example');
  const stored = pluginStorage(services.store.plugins, 'warehouse-export', Date.now);
  /** Called after each write to the plugin's storage (the run lease is renewed after every batch). */
  let onPut: (collection: string, key: string) => void = () => {};
  const storage: typeof stored = {
    ...stored,
    put: async (collection, key, value) => {
      await stored.put(collection, key, value);
      onPut(collection, key);
    },
  };
  let seed = 1;
  return {
    dataDir,
    hub,
    storage,
    store: services.store,
    onPut(listener: (collection: string, key: string) => void) {
      onPut = listener;
    },
    /**
     * Decisions decided 40 to 70 days ago, or with `fresh` within the last 1 to 1.5 days (after any earlier
     * seed, as new decisions are).
     */
    seed: (count: number, o: { livemode?: boolean; fresh?: boolean } = {}) =>
      seedDecisions(services.store, count, {
        livemode: o.livemode ?? true,
        now: o.fresh ? Date.now() : Date.now() - 40 * DAY,
        days: o.fresh ? 0.5 : 30,
        seed: seed++ * 1000,
      }),
    async plugin(config: Record<string, unknown>): Promise<PluginHooks> {
      return warehouseExportPlugin.setup({
        name: 'warehouse-export',
        config: WarehouseExportConfig.parse(config),
        logger: silentLogger,
        hub,
        storage,
        now: Date.now,
      });
    },
    async close() {
      await services.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `keybs export …` through the plugin's command, capturing what it prints. */
export async function exportCommand(hooks: PluginHooks, argv: string[], signal = new AbortController().signal) {
  const command = hooks.commands?.find((c) => c.name === 'export');
  if (!command) throw new Error('the plugin offers no export command');
  let stdout = '';
  let stderr = '';
  const stream = (write: (s: string) => void) => ({
    isTTY: false,
    write: (s: string) => {
      write(s);
      return true;
    },
  });
  const io = {
    stdout: stream((s) => {
      stdout += s;
    }),
    stderr: stream((s) => {
      stderr += s;
    }),
    signal,
  } as unknown as PluginCommandIO;
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

/** Reads a DuckDB file (the export must have closed it). */
export async function duckRows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
