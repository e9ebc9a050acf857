import { describe, expect, it } from 'vitest';
import { ViewCache } from './view-cache.js';

describe('ViewCache', () => {
  it('answers only for the version it holds, per environment', () => {
    const cache = new ViewCache();
    cache.set(false, 'a', 3, '{"v":3}');
    expect(cache.get(false, 'a', 3)).toBe('{"v":3}');
    expect(cache.get(false, 'a', 4)).toBeUndefined();
    expect(cache.get(true, 'a', 3)).toBeUndefined();
    cache.set(false, 'a', 4, '{"v":4}');
    expect(cache.get(false, 'a', 4)).toBe('{"v":4}');
  });

  it('forgets the oldest entry past its capacity', () => {
    const cache = new ViewCache(2);
    cache.set(false, 'a', 1, 'a');
    cache.set(false, 'b', 1, 'b');
    cache.set(false, 'c', 1, 'c');
    expect([cache.get(false, 'a', 1), cache.get(false, 'b', 1), cache.get(false, 'c', 1)]).toEqual([
      undefined,
      'b',
      'c',
    ]);
  });
});
