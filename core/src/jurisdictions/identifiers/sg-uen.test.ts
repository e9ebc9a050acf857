import { describe, expect, it } from 'vitest';
import { normalizeUen } from './sg-uen.js';

describe('Singapore UEN', () => {
  it('accepts real local-company UENs', () => {
    expect(normalizeUen('196800306E')).toBe('196800306E'); // DBS Bank Ltd.
    expect(normalizeUen('199201624d')).toBe('199201624D'); // Singapore Telecommunications Limited
  });

  it('accepts other-entity UENs by their check letter', () => {
    expect(normalizeUen('S16FC0121D')).toBe('S16FC0121D');
    expect(normalizeUen('T01FC6132D')).toBe('T01FC6132D');
  });

  it('refuses a wrong check letter', () => {
    expect(normalizeUen('196800306F')).toBeNull();
    expect(normalizeUen('S16FC0121E')).toBeNull();
  });
});
