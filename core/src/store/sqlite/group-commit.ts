import type Database from 'better-sqlite3';

interface Pending<A extends unknown[], R> {
  args: A;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: calls made in the same turn of the event loop are written in one transaction, and every caller
 * is answered only after that COMMIT, so an acknowledged write is on disk as before, at a fraction of the
 * commits. Should a call throw, the shared transaction is rolled back and each call is written again in a
 * transaction of its own, so one bad call fails alone.
 */
export function groupCommit<A extends unknown[], R>(
  db: Database.Database,
  write: (...args: A) => R,
): (...args: A) => Promise<R> {
  const one = db.transaction(write);
  const all = db.transaction((batch: Pending<A, R>[]) => batch.map((p) => write(...p.args)));
  let queue: Pending<A, R>[] = [];

  const run = () => {
    const batch = queue;
    queue = [];
    let values: R[];
    try {
      values = all.immediate(batch);
    } catch {
      for (const p of batch) {
        try {
          p.resolve(one.immediate(...p.args));
        } catch (error) {
          p.reject(error);
        }
      }
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(values[i] as R);
  };

  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(run);
      queue.push({ args, resolve, reject });
    });
}
