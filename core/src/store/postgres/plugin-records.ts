import type { PluginStore } from '../plugin-store.js';
import type { PgDb } from './db.js';
import { type RecordRow, recordFromRow } from './plugin-rows.js';

type Records = Pick<PluginStore, 'putRecord' | 'getRecord' | 'deleteRecord' | 'listRecords'>;

/** Each plugin's small key-value store. */
export function pluginRecords(db: PgDb): Records {
  return {
    async putRecord(plugin, collection, key, value, now) {
      await db.run(
        `INSERT INTO plugin_records (plugin, collection, key, value, created_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $5)
          ON CONFLICT (plugin, collection, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [plugin, collection, key, JSON.stringify(value), now],
      );
    },
    async getRecord(plugin, collection, key) {
      const r = await db.one<RecordRow>(
        'SELECT * FROM plugin_records WHERE plugin = $1 AND collection = $2 AND key = $3',
        [plugin, collection, key],
      );
      return r && recordFromRow(r);
    },
    async deleteRecord(plugin, collection, key) {
      await db.run('DELETE FROM plugin_records WHERE plugin = $1 AND collection = $2 AND key = $3', [
        plugin,
        collection,
        key,
      ]);
    },
    async listRecords(plugin, collection, { prefix = '', limit }) {
      const rows = await db.query<RecordRow>(
        `SELECT * FROM plugin_records WHERE plugin = $1 AND collection = $2 AND left(key, length($3)) = $3
          ORDER BY id DESC LIMIT $4`,
        [plugin, collection, prefix, limit],
      );
      return rows.map(recordFromRow);
    },
  };
}
