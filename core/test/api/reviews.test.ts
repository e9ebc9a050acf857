import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectError, ORDER, startTestHub, TestClock, type TestHub } from '../helpers/hub.js';

let t: TestHub;
const clock = new TestClock();
beforeAll(async () => {
  t = await startTestHub({ clock });
});
afterAll(() => t.close());

async function inReview(body: Record<string, unknown> = ORDER): Promise<string> {
  const r = await t.request('POST', '/v1/verifications', { body });
  const id = r.json.verification_id as string;
  await eventually(async () => {
    const v = await t.request('GET', `/v1/verifications/${id}`);
    return v.json.status === 'in_review' ? true : undefined;
  });
  return id;
}

describe('the review queue', () => {
  it('lists verifications waiting for an analyst with the reasons and the queued entry', async () => {
    const id = await inReview();
    const r = await t.request('GET', '/v1/reviews?state=open&limit=100');
    const review = r.json.data.find((x: { id: string }) => x.id === id);
    expect(review).toMatchObject({
      object: 'review',
      verification_id: id,
      reasons: ['enhanced package'],
      assigned_reviewer: null,
      proposed_recommendation: 'proceed_with_controls',
      overdue: false,
      history: [{ actor: 'system', action: 'queued' }],
    });
  });

  it('claim, a second analyst is refused, release, claim again; every change audited', async () => {
    const id = await inReview();
    const claim = await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'A. Okafor' } });
    expect(claim.json).toMatchObject({ assigned_reviewer: 'A. Okafor' });
    expect((await t.request('GET', `/v1/verifications/${id}`)).json.assigned_reviewer).toBe('A. Okafor');
    const other = await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'B. Stone' } });
    expectError(other, 409, 'review_claimed_by_another');
    expectError(
      await t.request('POST', `/v1/reviews/${id}/release`, { body: { analyst: 'B. Stone' } }),
      409,
      'review_claimed_by_another',
    );
    const released = await t.request('POST', `/v1/reviews/${id}/release`, { body: { analyst: 'A. Okafor' } });
    expect(released.json.assigned_reviewer).toBeNull();
    const again = await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'B. Stone' } });
    expect(again.json.history.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([
      ['queued', 'system'],
      ['claimed', 'A. Okafor'],
      ['released', 'A. Okafor'],
      ['claimed', 'B. Stone'],
    ]);
  });

  it('decide issues the decision as the analyst, with notes in the audit trail', async () => {
    const id = await inReview();
    await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'A. Okafor' } });
    const r = await t.request('POST', `/v1/reviews/${id}/decide`, {
      body: { analyst: 'A. Okafor', recommendation: 'enhanced_due_diligence', notes: 'Ownership chain unclear.' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'completed', assigned_reviewer: 'A. Okafor' });
    expect(r.json.decision).toMatchObject({ analyst: 'A. Okafor', recommendation: 'enhanced_due_diligence' });
    const events = await t.hub.services.store.events.forVerification(id);
    expect(events.at(-1)?.type).toBe('verification.completed');
    const audit = (await t.hub.services.store.verifications.auditOf([id])).get(id) ?? [];
    expect(audit.at(-1)).toMatchObject({
      action: 'decided',
      actor: 'A. Okafor',
      after: { recommendation: 'enhanced_due_diligence', notes: 'Ownership chain unclear.' },
    });
    expectError(
      await t.request('POST', `/v1/reviews/${id}/decide`, {
        body: { analyst: 'A. Okafor', recommendation: 'proceed', notes: 'again' },
      }),
      409,
      'not_in_review',
    );
  });

  it('refuses a decision against the hard rules, and one by another analyst than the holder', async () => {
    const id = await inReview({ ...ORDER, supplier: 'Dissolved Components Sdn. Bhd.' });
    const bad = await t.request('POST', `/v1/reviews/${id}/decide`, {
      body: { analyst: 'A. Okafor', recommendation: 'proceed', notes: 'Looks fine.' },
    });
    expectError(bad, 422, 'validation_failed', undefined, 'recommendation');
    await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'A. Okafor' } });
    expectError(
      await t.request('POST', `/v1/reviews/${id}/decide`, {
        body: { analyst: 'B. Stone', recommendation: 'reject', notes: 'x' },
      }),
      409,
      'review_claimed_by_another',
    );
  });

  it('a confirmed sanctions match can only be rejected; an unknown company cannot proceed', async () => {
    const id = await inReview();
    const body = { analyst: 'A. Okafor', notes: 'Confirmed against the list.', sanctions_status: 'match' };
    expectError(
      await t.request('POST', `/v1/reviews/${id}/decide`, {
        body: { ...body, recommendation: 'enhanced_due_diligence' },
      }),
      422,
      'validation_failed',
      undefined,
      'recommendation',
    );
    const rejected = await t.request('POST', `/v1/reviews/${id}/decide`, {
      body: { ...body, recommendation: 'reject' },
    });
    expect(rejected.json.decision).toMatchObject({ sanctions_status: 'match', recommendation: 'reject' });

    const unknown = await inReview({ ...ORDER, registration_id: '000000' });
    expectError(
      await t.request('POST', `/v1/reviews/${unknown}/decide`, {
        body: { analyst: 'A. Okafor', notes: 'x', recommendation: 'proceed_with_controls' },
      }),
      422,
      'validation_failed',
      undefined,
      'recommendation',
    );
  });

  it('needs reviews:write to act, and validates the body', async () => {
    const id = await inReview();
    const reader = await t.key('test', ['verifications:read']);
    expectError(
      await t.request('POST', `/v1/reviews/${id}/claim`, { key: reader, body: { analyst: 'X' } }),
      403,
      'insufficient_scope',
    );
    expectError(
      await t.request('POST', `/v1/reviews/${id}/claim`, { body: {} }),
      422,
      'validation_failed',
      undefined,
      'analyst',
    );
    expectError(
      await t.request('POST', '/v1/reviews/KBS-VR-2026-999999/claim', { body: { analyst: 'X' } }),
      404,
      'resource_not_found',
    );
  });

  it('escalates reviews past their due time once, and shows them overdue', async () => {
    const id = await inReview();
    clock.advance(7 * 3_600_000);
    expect(await t.hub.services.reviews.escalateOverdue()).toBeGreaterThanOrEqual(1);
    const r = await t.request('GET', '/v1/reviews?limit=100');
    const review = r.json.data.find((x: { id: string }) => x.id === id);
    expect(review.overdue).toBe(true);
    expect(review.escalated_at).not.toBeNull();
    expect(review.history.at(-1)).toMatchObject({ action: 'escalated', actor: 'system' });
    expect(await t.hub.services.reviews.escalateOverdue()).toBe(0);
  });
});
