import type pg from 'pg';
import type { JobLocks } from '../locks.js';
import { asUnavailable } from '../unavailable.js';
import { type PgDb, withClient } from './db.js';

const LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';

/**
 * Session-level advisory locks (`pg_try_advisory_lock`) on a connection of their own, held for the whole run:
 * every hub process on the database sees them, and the server drops them with the connection of a process
 * that dies, so a killed process never leaves a job locked.
 */
export function pgJobLocks(db: PgDb): JobLocks {
  const sql = async <R>(client: pg.PoolClient, text: string, key: string) => {
    try {
      return (await client.query(text, [key])).rows as R[];
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    async tryRun(name, work) {
      await db.whenReady();
      const key = `keybs:job:${name}`;
      // The connection sits idle, checked out, for the whole run; a server restart takes the lock with it and
      // withClient throws the connection away. The run goes on.
      return withClient(db.pool, async (client, markLost) => {
        const [row] = await sql<{ locked: boolean }>(client, LOCK, key);
        if (!row?.locked) return { ran: false as const };
        try {
          return { ran: true as const, value: await work() };
        } finally {
          await sql(client, UNLOCK, key).catch(markLost); // the connection is gone, and the lock with it
        }
      });
    },
  };
}
