import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { BackgroundLoop } from './background-loop.js';

const waitUntil = async (condition: () => boolean) => {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 1));
  }
};

describe('BackgroundLoop', () => {
  it('sleeps as long as the pass asks, and a notification wakes it at once', async () => {
    let passes = 0;
    const loop = new BackgroundLoop(
      'test',
      silentLogger,
      async () => {
        passes++;
        return 60_000;
      },
      0,
      60_000,
    );
    loop.start();
    await waitUntil(() => passes === 1);
    loop.notify();
    await waitUntil(() => passes === 2);
    await loop.stop();
    expect(passes).toBe(2);
  });

  it('keeps going after a pass throws', async () => {
    let passes = 0;
    const loop = new BackgroundLoop(
      'test',
      silentLogger,
      async () => {
        passes++;
        if (passes === 1) throw new Error('boom');
        return 60_000;
      },
      0,
      1,
    );
    loop.start();
    await waitUntil(() => passes === 2);
    await loop.stop();
  });

  it('merges notifications that come closer together than the coalescing window', async () => {
    let passes = 0;
    const loop = new BackgroundLoop(
      'test',
      silentLogger,
      async () => {
        passes++;
        return 60_000;
      },
      50,
      60_000,
    );
    loop.start();
    await waitUntil(() => passes === 1);
    for (let i = 0; i < 20; i++) loop.notify();
    await waitUntil(() => passes === 2);
    await loop.stop();
    expect(passes).toBe(2);
  });
});
