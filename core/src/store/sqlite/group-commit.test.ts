import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

describe('groupCommit', () => {
  it('writes calls of one event-loop turn in one transaction; a failing call fails alone', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER UNIQUE)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const seen: number[] = [];
    const write = groupCommit(db, (v: number) => {
      // Every call of the turn runs inside the one open transaction, none has committed yet.
      seen.push(db.prepare('SELECT count(*) FROM t').pluck().get() as number);
      insert.run(v);
      if (v === 3) throw new Error('three is refused');
      return v * 10;
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((v) => write(v)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      'three is refused',
      40,
    ]);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2, 4]);
    // A later turn starts a new batch.
    await expect(write(5)).resolves.toBe(50);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(4);
    // First together (rolled back when 3 threw), then each in its own transaction, then the next turn.
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 2, 3]);
  });
});
