/**
 * Named locks for jobs that must run at most once at a time across every hub process on one database
 * (the document purge, plugin cron jobs such as the nightly export).
 */
export interface JobLocks {
  /**
   * Runs `work` while holding the lock `name`, or returns `{ ran: false }` at once when another run (in this
   * process or another) holds it. The lock is released when `work` settles, and by the database when the
   * process holding it dies.
   */
  tryRun<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

/**
 * Locks held in this process only: what a SQLite data dir needs, since one hub process serves it (the CLI's
 * own writers use the database's lock).
 */
export function localLocks(): JobLocks {
  const held = new Set<string>();
  return {
    async tryRun(name, work) {
      if (held.has(name)) return { ran: false };
      held.add(name);
      try {
        return { ran: true, value: await work() };
      } finally {
        held.delete(name);
      }
    },
  };
}
