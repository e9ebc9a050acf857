import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { CheckRecord, VerificationRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { statusEvent, verification } from './fixtures.js';
import { TEST_DATABASE_URL, type TestDatabase, testDatabase } from './test-database.js';

const check = (verificationId: string, type: CheckRecord['type'], position: number): CheckRecord => ({
  verificationId,
  type,
  position,
  status: 'completed',
  outcome: position === 0 ? 'pass' : null,
  summary: null,
  findings: null,
  attempts: 1,
  nextAttemptAt: null,
  completedAt: 1,
});

/** The bulk-export reads (`decided`, `countDecided`) on PostgreSQL: keyset order, ties on decided_at by id. */
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL decided verifications', () => {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await database?.drop();
  });

  it('pages completed verifications by (decided_at, id) with their checks in position order', async () => {
    database = await testDatabase(`decided-${Math.random()}`);
    if (!database) throw new Error('no test database');
    const s = openPostgresStore(database.url);
    store = s;
    const decidedAt = [300, 100, 100, 200];
    for (let i = 0; i < decidedAt.length; i++) {
      await s.verifications.create((n) => {
        const id = `KBS-VR-2026-${String(n).padStart(6, '0')}`;
        return {
          verification: verification(id, 1),
          checks: [check(id, 'registry', 1), check(id, 'identifier', 0)],
          events: [statusEvent(`evt_${i}`, id, 1)],
        };
      }, 2026);
    }
    const ids = ['KBS-VR-2026-000001', 'KBS-VR-2026-000002', 'KBS-VR-2026-000003', 'KBS-VR-2026-000004'];
    for (const [i, id] of ids.entries()) {
      if (i === 3) continue; // stays in progress: not decided
      // The store keeps the decision as JSON text without reading it: a small stand-in does.
      const decision = { recommendation: 'proceed' } as unknown as VerificationRecord['decision'];
      const patch = { status: 'completed' as const, decidedAt: decidedAt[i] ?? 0, decision };
      await s.verifications.transition({ id, from: ['in_progress'], patch, events: [] });
    }
    const first = await s.verifications.decided(false, null, 2);
    expect(first.map((r) => [r.id, r.decidedAt])).toEqual([
      ['KBS-VR-2026-000002', 100],
      ['KBS-VR-2026-000003', 100],
    ]);
    expect(first[0]?.checks).toEqual([
      { type: 'identifier', status: 'completed', outcome: 'pass' },
      { type: 'registry', status: 'completed', outcome: null },
    ]);
    expect(JSON.parse(first[0]?.decision ?? '')).toEqual({ recommendation: 'proceed' });
    const cursor = { decidedAt: 100, id: 'KBS-VR-2026-000003' };
    expect((await s.verifications.decided(false, cursor, 10)).map((r) => r.id)).toEqual(['KBS-VR-2026-000001']);
    expect(await s.verifications.countDecided(false, null)).toBe(3);
    expect(await s.verifications.countDecided(false, cursor)).toBe(1);
    expect(await s.verifications.countDecided(true, null)).toBe(0);
  });
});
