import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/store.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from './test-database.js';

/** A promise and the function that settles it, to hold a job open for as long as a test needs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Cron jobs across hub processes: each store has its own pool, as a separate process would. */
describe.skipIf(!TEST_DATABASE_URL)('job locks on PostgreSQL (advisory locks)', () => {
  let database: TestDatabase | undefined;
  let stores: Store[] = [];

  const open = async (n: number): Promise<Store[]> => {
    database = await testDatabase(`locks-${Math.random()}`);
    if (!database) throw new Error('no test database');
    const url = database.url;
    stores = Array.from({ length: n }, () => openPostgresStore(url, { poolSize: 3 }));
    return stores;
  };

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    await database?.drop();
  });

  it('a job running in one process is skipped by the others, and runs again once it finished', async () => {
    const [a, b, c] = (await open(3)) as [Store, Store, Store];
    const held = gate();
    const started = gate();
    const first = a.locks.tryRun('export', async () => {
      started.open();
      await held.opened;
      return 'a';
    });
    await started.opened;
    expect(await b.locks.tryRun('export', async () => 'b')).toEqual({ ran: false });
    expect(await c.locks.tryRun('export', async () => 'c')).toEqual({ ran: false });
    // Another job's name is not held.
    expect(await b.locks.tryRun('document-purge', async () => 'purged')).toEqual({ ran: true, value: 'purged' });
    held.open();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await c.locks.tryRun('export', async () => 'c')).toEqual({ ran: true, value: 'c' });
  });

  it('a job that throws releases its lock', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    await expect(a.locks.tryRun('export', async () => Promise.reject(new Error('sink down')))).rejects.toThrow(
      'sink down',
    );
    expect(await b.locks.tryRun('export', async () => 1)).toEqual({ ran: true, value: 1 });
  });

  it('a process that dies holding the lock (its connection gone) does not keep the job from running', async () => {
    const [a, b] = (await open(2)) as [Store, Store];
    const started = gate();
    const never = gate();
    void a.locks.tryRun('export', async () => {
      started.open();
      await never.opened;
    });
    await started.opened;
    expect(await b.locks.tryRun('export', async () => 'b')).toEqual({ ran: false });
    // The holder's backend ends as it would when its process is killed.
    const admin = new pg.Client({ connectionString: database?.url });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()",
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(1);
    const outcome = await (async () => {
      for (;;) {
        const r = await b.locks.tryRun('export', async () => 'b');
        if (r.ran) return r;
        await new Promise((resolve) => setTimeout(resolve, 20)); // the server cleans up the killed backend
      }
    })();
    expect(outcome).toEqual({ ran: true, value: 'b' });
    never.open();
  });
});
