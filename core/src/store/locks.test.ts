import { describe, expect, it } from 'vitest';
import { localLocks } from './locks.js';

describe('localLocks', () => {
  it('skips a second run of a job while the first runs, not another job, and frees it after', async () => {
    const locks = localLocks();
    let finish!: () => void;
    const first = locks.tryRun('purge', () => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    expect(await locks.tryRun('purge', async () => 'again')).toEqual({ ran: false });
    expect(await locks.tryRun('export', async () => 'export')).toEqual({ ran: true, value: 'export' });
    finish();
    expect(await first).toEqual({ ran: true, value: 'done' });
    await expect(locks.tryRun('purge', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.tryRun('purge', async () => 'after')).toEqual({ ran: true, value: 'after' });
  });
});
