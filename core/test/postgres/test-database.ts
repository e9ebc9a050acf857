import { createHash } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use (e.g. from scripts/pg-test-server.sh); unset: tests use SQLite. */
export const TEST_DATABASE_URL = process.env.KEYBS_TEST_DATABASE_URL;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own on the test server, named after `key` (a hub's data dir: a hub restarted on the same
 * dir finds its data again). Created if missing; undefined when KEYBS_TEST_DATABASE_URL is unset.
 */
export async function testDatabase(key: string): Promise<TestDatabase | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  const name = `keybs_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  await admin(async (client) => {
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // 42P04: exists already
    }
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
