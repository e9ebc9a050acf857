import { describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';

describe('PostgreSQL migrations', () => {
  it('have the same history as SQLite: the same versions with the same names, in order', () => {
    const history = (ms: readonly { version: number; name: string }[]) => ms.map((m) => `${m.version} ${m.name}`);
    expect(history(PG_MIGRATIONS)).toEqual(history(MIGRATIONS));
  });
});
