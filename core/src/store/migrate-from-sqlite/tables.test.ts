import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../sqlite/migrate.js';
import { copyOrder } from './tables.js';

describe('copyOrder', () => {
  it('puts each table after the tables its foreign keys point to, else keeps the given order', () => {
    const parents: Record<string, string[]> = { checks: ['verifications'], reports: ['verifications', 'keys'] };
    const order = copyOrder(['reports', 'checks', 'events', 'verifications', 'keys'], (t) => parents[t] ?? []);
    expect(order).toEqual(['verifications', 'keys', 'reports', 'checks', 'events']);
  });

  it('ignores a self-reference and a parent outside the list, and names a cycle', () => {
    expect(copyOrder(['a', 'b'], (t) => (t === 'a' ? ['a', 'elsewhere'] : ['a']))).toEqual(['a', 'b']);
    expect(() => copyOrder(['a', 'b'], (t) => (t === 'a' ? ['b'] : ['a']))).toThrow('foreign keys form a cycle');
  });

  it("orders the hub's own schema parents first", () => {
    const db = new Database(':memory:');
    migrate(db);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    const parentsOf = (t: string) =>
      (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string }[]).map((k) => k.table);
    const order = copyOrder(tables, parentsOf);
    expect([...order].sort()).toEqual([...tables].sort());
    for (const table of order) {
      for (const parent of parentsOf(table))
        expect(order.indexOf(parent), `${parent} before ${table}`).toBeLessThan(order.indexOf(table));
    }
    expect(order.indexOf('reports')).toBeGreaterThan(order.indexOf('signing_keys'));
    db.close();
  });
});
