import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANIES_HOUSE_KEY, FakeCompaniesHouse } from '../../../test/fakes/companies-house.js';
import { FakeGleif, GLEIF_LEIS } from '../../../test/fakes/gleif.js';
import { eventually, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
let ch: FakeCompaniesHouse;
let gleif: FakeGleif;

beforeAll(async () => {
  ch = await FakeCompaniesHouse.start();
  gleif = await FakeGleif.start();
  t = await startTestHub({
    env: {
      KEYBS_COMPANIES_HOUSE_API_KEY: COMPANIES_HOUSE_KEY,
      KEYBS_COMPANIES_HOUSE_URL: ch.baseUrl,
      KEYBS_GLEIF_URL: gleif.baseUrl,
    },
    pipeline: { maxAttempts: 2, retryDelaysMs: [20] },
  });
});
afterAll(async () => {
  await t.close();
  await ch.close();
  await gleif.close();
});

/** Orders a live verification and waits until its checks have run. */
async function settle(body: Record<string, unknown>) {
  const r = await t.request('POST', '/v1/verifications', { key: t.liveKey, body: { package: 'basic', ...body } });
  expect(r.status).toBe(201);
  return eventually(async () => {
    const v = await t.request('GET', `/v1/verifications/${r.json.verification_id}`, { key: t.liveKey });
    return v.json.status === 'in_progress' ? undefined : v.json;
  });
}

const registryOf = (v: { checks: { type: string }[] }) =>
  v.checks.find((c) => c.type === 'registry') as { status: string; outcome: string; findings: Record<string, unknown> };

describe('live registry lookups', () => {
  it('UK companies come from Companies House, with owners and a name match; a clean basic order completes', async () => {
    const v = await settle({ supplier: 'Acme Widgets Ltd', country_code: 'GB', registration_id: '9446231' });
    const registry = registryOf(v);
    expect(registry.outcome).toBe('active');
    expect(registry.findings).toMatchObject({
      legal_name: 'ACME WIDGETS LIMITED',
      registration_id: '09446231',
      name_match: { verdict: 'match' },
      owners: [{ name: 'Mrs Jane Example', ownershipPct: 75 }],
    });
    expect(v.status).toBe('completed');
    expect(v.decision.registry_status).toBe('active');
    const auth = `Basic ${Buffer.from(`${COMPANIES_HOUSE_KEY}:`).toString('base64')}`;
    expect(ch.requests.some((r) => r.url === '/company/09446231' && r.headers.authorization === auth)).toBe(true);
  });

  it("declared beneficial owners are compared with the registry's persons with significant control", async () => {
    const same = await settle({
      supplier: 'Acme Widgets Ltd',
      country_code: 'GB',
      registration_id: '09446231',
      beneficiaries: [{ name: 'Jane Example', ownership_pct: 80 }],
    });
    expect(same.decision.beneficiary).toBe('match');
    const other = await settle({
      supplier: 'Acme Widgets Ltd',
      country_code: 'GB',
      registration_id: '09446231',
      beneficiaries: [{ name: 'John Unknown' }],
    });
    expect(other.status).toBe('in_review');
    const check = other.checks.find((c: { type: string }) => c.type === 'beneficiaries');
    expect(check).toMatchObject({
      outcome: 'no_match',
      findings: { undeclared_registry_owners: [{ name: 'Mrs Jane Example' }] },
    });
  });

  it('a name that differs from the registered one sends the verification to an analyst', async () => {
    const v = await settle({ supplier: 'Globex Corporation', country_code: 'GB', registration_id: '09446231' });
    expect(registryOf(v).findings.name_match).toMatchObject({ verdict: 'no_match' });
    expect(v.status).toBe('in_review');
  });

  it('a dissolved company is rejected', async () => {
    const v = await settle({ supplier: 'Old Concern PLC', country_code: 'GB', registration_id: '00000042' });
    expect(v.decision).toMatchObject({ registry_status: 'dissolved', recommendation: 'reject' });
  });

  it('an LEI is looked up at GLEIF in any jurisdiction', async () => {
    const v = await settle({
      supplier: 'Bloomberg Finance L.P.',
      country_code: 'US',
      registration_id: GLEIF_LEIS.bloomberg,
    });
    expect(registryOf(v)).toMatchObject({
      outcome: 'active',
      findings: { provider: expect.stringContaining('GLEIF') },
    });
  });

  it('a registry that keeps failing is retried, then unavailable, and the verification goes to an analyst', async () => {
    ch.fail(10, 500);
    const v = await settle({ supplier: 'Acme Widgets Ltd', country_code: 'GB', registration_id: '09446231' });
    expect(registryOf(v)).toMatchObject({ status: 'failed', outcome: 'unavailable' });
    expect(v.status).toBe('in_review');
    ch.fail(0, 500);
  });

  it('a country without a provider is unavailable, never an invented active', async () => {
    const v = await settle({
      supplier: 'Meridian Components Sdn. Bhd.',
      country_code: 'MY',
      registration_id: '1287654-K',
    });
    expect(registryOf(v).outcome).toBe('unavailable');
    expect(v.status).toBe('in_review');
  });
});
