import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { PLUGIN_CLAIMABLE_SQL } from './plugins.js';

/** Each plugin runs this on every pass: with a backlog of thousands it must not read the queue per candidate. */
describe('plugin queue query plan', () => {
  it('checks for an earlier pending event of the same verification with one probe of the order index', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'keybs-plan-')), 'keybs.db'));
    migrate(db);
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${PLUGIN_CLAIMABLE_SQL}`).all({ plugin: 'p', now: 0, limit: 100 }) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH e USING INDEX plugin_deliveries_order (plugin=? AND order_key=? AND event_seq<?)');
  });
});
