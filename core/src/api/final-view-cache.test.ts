import { describe, expect, it } from 'vitest';
import { FinalViewCache } from './final-view-cache.js';

describe('FinalViewCache', () => {
  it('keeps answers per environment and forgets the oldest past its capacity', () => {
    const cache = new FinalViewCache(2);
    cache.set(false, 'a', '{"a":1}');
    cache.set(true, 'a', '{"a":"live"}');
    expect(cache.get(false, 'a')).toBe('{"a":1}');
    expect(cache.get(true, 'a')).toBe('{"a":"live"}');
    cache.set(false, 'b', '{"b":1}');
    expect(cache.get(false, 'a')).toBeUndefined();
    expect(cache.get(true, 'a')).toBe('{"a":"live"}');
    expect(cache.get(false, 'b')).toBe('{"b":1}');
  });
});
