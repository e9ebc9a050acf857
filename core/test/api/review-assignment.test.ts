import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectError, ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const PASSWORD = 'a long enough passphrase';

async function assigned(id: string): Promise<string> {
  return eventually(async () => {
    const v = await t.request('GET', `/v1/verifications/${id}`);
    return v.json.status === 'in_review' && v.json.assigned_reviewer !== null ? v.json.assigned_reviewer : undefined;
  });
}

const order = async (n: number) =>
  (await t.request('POST', '/v1/verifications', { body: { ...ORDER, external_ref: `PO-${n}` } })).json
    .verification_id as string;

describe('assignment to the least-loaded analyst', () => {
  it('waits in the open queue while there are no analysts', async () => {
    const id = await order(0);
    await eventually(async () =>
      (await t.request('GET', `/v1/verifications/${id}`)).json.status === 'in_review' ? true : undefined,
    );
    const open = await t.request('GET', '/v1/reviews?state=open&limit=100');
    expect(open.json.data.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('spreads reviews over the analysts, audits each assignment and shows each analyst their queue', async () => {
    await t.hub.services.users.create({
      email: 'ada@example.com',
      name: 'Ada Okafor',
      role: 'analyst',
      password: PASSWORD,
    });
    await t.hub.services.users.create({
      email: 'ben@example.com',
      name: 'Ben Stone',
      role: 'analyst',
      password: PASSWORD,
    });
    await t.hub.services.users.create({ email: 'root@example.com', name: 'Root', role: 'admin', password: PASSWORD });
    // The review waiting from before is assigned as soon as someone can take it.
    const ids = [await order(1), await order(2), await order(3)];
    const holders = await Promise.all(ids.map(assigned));
    const open = await t.request('GET', '/v1/reviews?state=open&limit=100');
    expect(open.json.data).toEqual([]);
    const all = await t.request('GET', '/v1/reviews?state=claimed&limit=100');
    const load = new Map<string, number>();
    for (const r of all.json.data) load.set(r.assigned_reviewer, (load.get(r.assigned_reviewer) ?? 0) + 1);
    // Four reviews, two analysts: two each; the admin gets none.
    expect(Object.fromEntries(load)).toEqual({ 'Ada Okafor': 2, 'Ben Stone': 2 });
    expect(new Set(holders)).toEqual(new Set(['Ada Okafor', 'Ben Stone']));

    const ada = await t.request('GET', `/v1/reviews?analyst=${encodeURIComponent('Ada Okafor')}&limit=100`);
    expect(ada.json.data).toHaveLength(2);
    expect(ada.json.data.every((r: { assigned_reviewer: string }) => r.assigned_reviewer === 'Ada Okafor')).toBe(true);
    const entry = ada.json.data[0].history.find((h: { action: string }) => h.action === 'assigned');
    expect(entry).toMatchObject({
      actor: 'system',
      before: { assignedReviewer: null },
      after: { assignedReviewer: 'Ada Okafor' },
    });
  });

  it('lets the assignee claim (starting the clock) and refuses another analyst', async () => {
    const id = await order(4);
    const holder = await assigned(id);
    const other = holder === 'Ada Okafor' ? 'Ben Stone' : 'Ada Okafor';
    expectError(
      await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: other } }),
      409,
      'review_claimed_by_another',
    );
    const claim = await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: holder } });
    expect(claim.status).toBe(200);
    expect(claim.json.claimed_at).toMatch(/Z$/);
    expect(claim.json.history.map((h: { action: string }) => h.action)).toEqual(['queued', 'assigned', 'claimed']);
  });

  it('gives a disabled analyst nothing new', async () => {
    await t.hub.services.users.disable('ben@example.com');
    const ids = [await order(5), await order(6)];
    expect(await Promise.all(ids.map(assigned))).toEqual(['Ada Okafor', 'Ada Okafor']);
  });
});
