import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { CLAIMABLE_SQL, DUE_ENDPOINTS_SQL } from './webhooks.js';

/** The dispatcher runs these on every pass: they must read only what they return, whatever the log's size. */
describe('webhook queue query plans', () => {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'keybs-plan-')), 'keybs.db'));
  migrate(db);
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ now: 0, endpoint: 'we_x', limit: 16 }) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');

  it('claiming walks the pending-queue index in due order, with no sort', () => {
    const p = plan(CLAIMABLE_SQL);
    expect(p).toContain('webhook_deliveries_claim');
    expect(p).not.toContain('TEMP B-TREE');
    expect(p).not.toMatch(/SCAN d\b/);
  });

  it('finding endpoints with due work probes the index per endpoint', () => {
    const p = plan(DUE_ENDPOINTS_SQL);
    expect(p).toContain('webhook_deliveries_claim');
    expect(p).not.toContain('TEMP B-TREE');
  });
});
