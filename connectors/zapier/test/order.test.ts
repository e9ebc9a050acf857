import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, ORDER, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { app } from '../src/app.js';
import { appTester, authFor, zapierError } from './helpers.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const order = app.creates.order_verification.operation.perform;

describe('order_verification', () => {
  it('orders with every field of the form and returns the verification', async () => {
    const result: any = await appTester(order, {
      authData: authFor(hub),
      inputData: {
        ...ORDER,
        external_ref: 'SUP-zap-1',
        metadata: { crm_id: '0015g00000XyZ', owner: 'procurement' },
        beneficiaries: [
          { name: 'Aisha Rahman', ownership_pct: '60', date_of_birth: '1975-03-14', nationality: 'my' },
          { name: 'Lim Wei', ownership_pct: '', date_of_birth: '', nationality: '' },
        ],
      },
      meta: { zap: { id: 'zap-1' } },
    });
    expect(result).toMatchObject({
      verification_id: expect.stringMatching(/^KBS-VR-\d{4}-\d{6,}$/),
      status: 'in_progress',
      country_tier: 2,
      estimated_sla: 'PT6H',
      idempotent_replayed: false,
      idempotency_key: expect.stringMatching(/^zapier-[0-9a-f]{48}$/),
    });
    const stored = (await hub.request('GET', `/v1/verifications/${result.verification_id}`)).json;
    expect(stored).toMatchObject({
      supplier: ORDER.supplier,
      package: 'enhanced',
      external_ref: 'SUP-zap-1',
      metadata: { crm_id: '0015g00000XyZ', owner: 'procurement' },
      beneficiaries: [
        { name: 'Aisha Rahman', ownership_pct: 60, date_of_birth: '1975-03-14', nationality: 'MY' },
        { name: 'Lim Wei' },
      ],
    });
  });

  it('never orders twice when Zapier retries the same run', async () => {
    const bundle = {
      authData: authFor(hub),
      inputData: { ...BASIC_GB, external_ref: 'SUP-retry' },
      meta: { zap: { id: 'zap-2' } },
    };
    const first: any = await appTester(order, bundle);
    const retry: any = await appTester(order, bundle);
    expect(retry.verification_id).toBe(first.verification_id);
    expect(retry.idempotent_replayed).toBe(true);
    const listed = (await hub.request('GET', '/v1/verifications?external_ref=SUP-retry')).json;
    expect(listed.data).toHaveLength(1);

    const otherZap: any = await appTester(order, { ...bundle, meta: { zap: { id: 'zap-3' } } });
    expect(otherZap.verification_id).not.toBe(first.verification_id);
  });

  it('uses a mapped idempotency key as given', async () => {
    const bundle = { authData: authFor(hub), inputData: { ...BASIC_GB, idempotency_key: 'row-42' } };
    const first: any = await appTester(order, bundle);
    expect(first.idempotency_key).toBe('row-42');
    const changed = { ...bundle, inputData: { ...bundle.inputData, supplier: 'Another Supplier Ltd' } };
    const error = await zapierError(appTester(order, changed));
    expect(error.code).toBe('idempotency_key_reused');
  });

  it("surfaces the hub's validation error with its code and the field", async () => {
    const error = await zapierError(
      appTester(order, { authData: authFor(hub), inputData: { ...BASIC_GB, country_code: 'M1' } }),
    );
    expect(error).toMatchObject({ code: 'validation_failed', status: 422 });
    expect(error.message).toContain('(field country_code)');

    const uncovered = await zapierError(
      appTester(order, { authData: authFor(hub), inputData: { ...BASIC_GB, country_code: 'ZZ' } }),
    );
    expect(uncovered).toMatchObject({ code: 'country_not_covered', status: 422 });

    const badId = await zapierError(
      appTester(order, { authData: authFor(hub), inputData: { ...BASIC_GB, registration_id: 'ABCDEFGHIJ' } }),
    );
    expect(badId.code).toBe('invalid_registration_id');
  });

  it('refuses an ownership share that is not a number before calling the hub', async () => {
    const inputData = { ...BASIC_GB, beneficiaries: [{ name: 'A', ownership_pct: 'sixty' }] };
    await expect(appTester(order, { authData: authFor(hub), inputData })).rejects.toThrow(
      'Beneficial owner 1: ownership % must be a number, not "sixty".',
    );
  });
});

describe('the country dropdown', () => {
  it('lists every covered jurisdiction from GET /v1/coverage, with the codes a row also accepts', async () => {
    const choices: any[] = await appTester(app.triggers.list_countries.operation.perform, { authData: authFor(hub) });
    const ids = choices.map((c) => c.id);
    expect(ids).toContain('MY');
    expect(ids).toContain('JE');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((await hub.request('GET', '/v1/coverage')).json.count + 1);
    expect(choices.find((c) => c.id === 'MY')).toEqual({ id: 'MY', name: 'Malaysia (MY) · tier 2', tier: 2 });
  });
});
