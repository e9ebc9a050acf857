import { Verification } from '@keybs/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const poll = (id: string, until: (v: Verification) => boolean, ms = 5_000) =>
  eventually(async () => {
    const r = await t.request('GET', `/v1/verifications/${id}`);
    return until(r.json) ? (r.json as Verification) : undefined;
  }, ms);

describe('ordering a verification', () => {
  it('answers 201 with the seed example: MY + enhanced → tier 2, PT6H, in_progress', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: ORDER });
    expect(r.status).toBe(201);
    const v = Verification.parse(r.json);
    expect(v.verification_id).toMatch(/^KBS-VR-\d{4}-\d{6,}$/);
    expect(v).toMatchObject({
      status: 'in_progress',
      country_tier: 2,
      estimated_sla: 'PT6H',
      webhook_url: null,
      livemode: false,
      supplier: ORDER.supplier,
      package: 'enhanced',
      decision: null,
    });
    expect(Date.parse(v.due_at) - Date.parse(v.created_at)).toBe(6 * 3_600_000);
    expect(v.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('trims the supplier, upper-cases the country and defaults the package to standard', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      body: { supplier: '  Acme GmbH  ', country_code: 'de', registration_id: 'HRB 12345 B' },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ supplier: 'Acme GmbH', country_code: 'DE', package: 'standard' });
  });

  it('accepts JE orders on the Channel Islands row', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      body: { supplier: 'Jersey Holdings Ltd', country_code: 'JE', registration_id: '123456' },
    });
    expect(r.status).toBe(201);
    expect(r.json.country_code).toBe('JE');
  });

  it('keeps external_ref, metadata and declared beneficiaries', async () => {
    const body = {
      ...BASIC_GB,
      external_ref: 'SUP-000981',
      metadata: { coupa_supplier_id: '981', region: 'EMEA' },
      beneficiaries: [{ name: 'Ada Lovelace', ownership_pct: 51, date_of_birth: '1815-12-10', nationality: 'gb' }],
    };
    const r = await t.request('POST', '/v1/verifications', { body });
    expect(r.status).toBe(201);
    const got = await t.request('GET', `/v1/verifications/${r.json.verification_id}`);
    expect(got.json).toMatchObject({
      external_ref: 'SUP-000981',
      metadata: { coupa_supplier_id: '981', region: 'EMEA' },
      beneficiaries: [{ name: 'Ada Lovelace', ownership_pct: 51, date_of_birth: '1815-12-10', nationality: 'GB' }],
    });
  });
});

describe('test-mode lifecycle', () => {
  it('a basic verification with nothing for a human completes on its own with an honest decision', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: BASIC_GB });
    const v = await poll(r.json.verification_id, (x) => x.status === 'completed');
    expect(v.decision).toMatchObject({
      verification_id: v.verification_id,
      status: 'completed',
      registry_status: 'active',
      // No sanctions list is loaded in this hub: null, never an invented "clear".
      sanctions_status: null,
      document_score: null,
      beneficiary: 'not_provided',
      analyst: null,
      country_tier: 1,
      supplier: BASIC_GB.supplier,
      livemode: false,
      report_url: `${t.url}/profile/${v.verification_id}`,
    });
    expect(v.decision?.trust_score).toBeGreaterThanOrEqual(80);
    expect(v.decision?.recommendation).not.toBe('proceed');
    expect(v.checks.map((c) => [c.type, c.status, c.outcome])).toEqual([
      ['identifier', 'completed', 'valid'],
      ['registry', 'completed', 'active'],
      // No list loaded in this hub: screening says so instead of claiming "clear".
      ['sanctions', 'completed', 'not_screened'],
      ['beneficiaries', 'completed', 'not_provided'],
    ]);
    expect(v.confidence).toBe(v.decision?.confidence);
  });

  it('a poll shows every change at once, and a final verification reads the same every time', async () => {
    const open = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = open.json.verification_id;
    const before = await poll(id, (x) => x.status === 'in_review');
    expect((await t.request('GET', `/v1/verifications/${id}`)).json.status).toBe('in_review');
    await t.request('POST', `/v1/reviews/${id}/claim`, { body: { analyst: 'A. Okafor' } });
    const claimed = await t.request('GET', `/v1/verifications/${id}`);
    expect(claimed.json.assigned_reviewer).toBe('A. Okafor');
    expect(before.assigned_reviewer).toBeNull();

    const r = await t.request('POST', '/v1/verifications', { body: BASIC_GB });
    const done = await poll(r.json.verification_id, (x) => x.status === 'completed');
    const first = await t.request('GET', `/v1/verifications/${done.verification_id}`);
    const second = await t.request('GET', `/v1/verifications/${done.verification_id}`);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Verification.parse(second.json)).toMatchObject({ status: 'completed' });
    const live = await t.request('GET', `/v1/verifications/${done.verification_id}`, { key: t.liveKey });
    expect(live.status).toBe(404);
  });

  it.each([
    ['Dissolved Widgets Ltd', '09446231', 'dissolved', 'reject'],
    ['Inactive Widgets Ltd', '09446231', 'inactive', 'enhanced_due_diligence'],
    ['Missing Widgets Ltd', '000000', 'not_found', 'enhanced_due_diligence'],
    ['Missing Widgets Sdn. Bhd.', '000000', 'not_found', 'enhanced_due_diligence', 'MY'],
  ])(
    'magic value %s / %s → registry %s, %s',
    async (supplier, registration_id, registry, recommendation, country = 'GB') => {
      const r = await t.request('POST', '/v1/verifications', {
        body: { supplier, registration_id, country_code: country, package: 'basic' },
      });
      expect(r.status).toBe(201);
      const v = await poll(r.json.verification_id, (x) => x.status === 'completed');
      expect(v.decision?.registry_status).toBe(registry);
      expect(v.decision?.recommendation).toBe(recommendation);
    },
  );

  it('an enhanced order waits for an analyst; advance decides it as Test Analyst', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = r.json.verification_id;
    const review = await poll(id, (x) => x.status === 'in_review');
    expect(review.decision).toBeNull();
    expect(review.confidence).not.toBeNull();
    const adv = await t.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
    expect(adv.status).toBe(200);
    expect(adv.json).toMatchObject({ status: 'completed', assigned_reviewer: 'Test Analyst' });
    expect(adv.json.decision).toMatchObject({ analyst: 'Test Analyst', country_tier: 2, registry_status: 'active' });
  });

  it('advance runs pending checks at once, even a registry that keeps timing out', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      body: { ...BASIC_GB, supplier: 'Registry Down Ltd' },
    });
    const adv = await t.request('POST', `/v1/test_helpers/verifications/${r.json.verification_id}/advance`);
    expect(adv.json.status).toBe('completed');
    expect(adv.json.decision.registry_status).toBe('unavailable');
    expect(adv.json.decision.recommendation).toBe('enhanced_due_diligence');
    const registry = adv.json.checks.find((c: { type: string }) => c.type === 'registry');
    expect(registry).toMatchObject({ status: 'failed', outcome: 'unavailable' });
  });

  it('cancel moves an open verification to cancelled, and a decided one cannot be cancelled', async () => {
    const open = await t.request('POST', '/v1/verifications', { body: ORDER });
    const c = await t.request('POST', `/v1/verifications/${open.json.verification_id}/cancel`);
    expect(c.status).toBe(200);
    expect(c.json.status).toBe('cancelled');
    const again = await t.request('POST', `/v1/verifications/${open.json.verification_id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('verification_not_cancellable');
    const adv = await t.request('POST', `/v1/test_helpers/verifications/${open.json.verification_id}/advance`);
    expect(adv.json.status).toBe('cancelled');
  });

  it('every status change is an event in the log, in order, written with the change', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = r.json.verification_id;
    await poll(id, (x) => x.status === 'in_review');
    await t.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
    const events = await t.hub.services.store.events.forVerification(id);
    expect(events.map((e) => [e.type, (e.payload as { status: string }).status])).toEqual([
      ['verification.status_changed', 'in_progress'],
      ['verification.status_changed', 'in_review'],
      ['verification.status_changed', 'completed'],
      ['verification.completed', 'completed'],
    ]);
    expect(events[0]?.payload).toMatchObject({ previous_status: null, verification_id: id, livemode: false });
    expect(events[2]?.payload).toMatchObject({ previous_status: 'in_review', assigned_reviewer: 'Test Analyst' });
    for (const e of events) expect(e.id).toMatch(/^evt_/);
  });
});

describe('listing', () => {
  it('pages newest first with limit and starting_after, and filters', async () => {
    const ref = `list-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.request('POST', '/v1/verifications', { body: { ...ORDER, external_ref: ref } });
      ids.push(r.json.verification_id);
    }
    const first = await t.request('GET', `/v1/verifications?external_ref=${ref}&limit=2`);
    expect(first.json.has_more).toBe(true);
    expect(first.json.data.map((v: Verification) => v.verification_id)).toEqual([ids[4], ids[3]]);
    const second = await t.request('GET', `/v1/verifications?external_ref=${ref}&limit=2&starting_after=${ids[3]}`);
    expect(second.json.data.map((v: Verification) => v.verification_id)).toEqual([ids[2], ids[1]]);
    const last = await t.request('GET', `/v1/verifications?external_ref=${ref}&limit=2&starting_after=${ids[1]}`);
    expect(last.json).toMatchObject({ has_more: false });
    expect(last.json.data.map((v: Verification) => v.verification_id)).toEqual([ids[0]]);

    const mine = await t.request('GET', '/v1/verifications?country_code=je&limit=100');
    expect(mine.json.data.length).toBeGreaterThan(0);
    for (const v of mine.json.data) expect(v.country_code).toBe('JE');
    const cancelled = await t.request('GET', '/v1/verifications?status=cancelled');
    for (const v of cancelled.json.data) expect(v.status).toBe('cancelled');
  });

  it('defaults to 20 per page', async () => {
    for (let i = 0; i < 21; i++) await t.request('POST', '/v1/verifications', { body: ORDER });
    const r = await t.request('GET', '/v1/verifications');
    expect(r.json.data).toHaveLength(20);
    expect(r.json.has_more).toBe(true);
  });
});
