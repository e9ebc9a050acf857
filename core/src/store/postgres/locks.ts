import type pg from 'pg';
import type { JobLocks } from '../locks.js';
import { asUnavailable, isUnavailable } from '../unavailable.js';
import type { PgDb } from './db.js';

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
      const client = await db.pool.connect().catch((error: unknown) => {
        throw asUnavailable(error);
      });
      const key = `keybs:job:${name}`;
      let lost: Error | undefined;
      // The connection sits idle, checked out, for the whole run: a server restart reaches it as an 'error'
      // event, which must not become an uncaught exception. The lock went with it; the run goes on.
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      try {
        const [row] = await sql<{ locked: boolean }>(client, LOCK, key);
        if (!row?.locked) return { ran: false };
        try {
          return { ran: true, value: await work() };
        } finally {
          // A connection that died took the lock with it: throw it away rather than back into the pool.
          await sql(client, UNLOCK, key).catch((error: Error) => {
            lost = error;
          });
        }
      } catch (error) {
        if (isUnavailable(error)) lost = error as Error;
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
  };
}
