import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANIES_HOUSE_KEY, FakeCompaniesHouse } from '../../../../test/fakes/companies-house.js';
import { RetryableCheckError } from '../check.js';
import { COMPANIES_HOUSE_STATUS, companiesHouseProvider, ownershipLowerBound } from './companies-house.js';
import type { RegistryLookup } from './provider.js';

let fake: FakeCompaniesHouse;
beforeAll(async () => {
  fake = await FakeCompaniesHouse.start();
});
afterAll(() => fake.close());

const NOW = Date.parse('2024-06-03T10:00:00Z');
const provider = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  companiesHouseProvider({
    apiKey: options.apiKey ?? COMPANIES_HOUSE_KEY,
    baseUrl: fake.baseUrl,
    timeoutMs: options.timeoutMs ?? 2_000,
    now: () => NOW,
  });
const lookup = (registrationId: string) => provider().lookup({ countryCode: 'GB', registrationId, supplier: 'x' });
const record = (result: RegistryLookup) => {
  if (!result.found) throw new Error('expected a record');
  return result.record;
};

describe('companiesHouseProvider', () => {
  it('maps an active company with its owners, and sends the key as Basic auth', async () => {
    const before = fake.requests.length;
    expect(record(await lookup('9446231'))).toEqual({
      status: 'active',
      statusDetail: 'active',
      legalName: 'ACME WIDGETS LIMITED',
      registrationId: '09446231',
      incorporatedOn: '2015-02-17',
      address: '1 Example Street, London, EC1A 1BB, United Kingdom',
      owners: [{ name: 'Mrs Jane Example', ownershipPct: 75 }],
      jurisdiction: 'GB',
      asOf: '2024-06-03T10:00:00.000Z',
    });
    const seen = fake.requests.slice(before);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /company/09446231',
      'GET /company/09446231/persons-with-significant-control?items_per_page=100&start_index=0',
    ]);
    const basic = `Basic ${Buffer.from(`${COMPANIES_HOUSE_KEY}:`).toString('base64')}`;
    for (const request of seen) expect(request.headers.authorization).toBe(basic);
  });

  it('reads each ownership band as its lower bound; other control gives null; ceased PSCs are left out', async () => {
    const r = record(await lookup('SC 123456'));
    expect(r.status).toBe('inactive');
    expect(r.statusDetail).toBe('liquidation');
    expect(r.owners).toEqual([
      { name: 'Mr Alasdair Partner', ownershipPct: 25 },
      { name: 'Ms Morag Partner', ownershipPct: 50 },
      { name: 'Highland Holdings Limited', ownershipPct: null },
    ]);
  });

  it('pages through a long PSC list', async () => {
    const pscs = Array.from({ length: 130 }, (_, i) => ({
      name: `Holder ${i}`,
      kind: 'individual-person-with-significant-control',
      natures_of_control: ['voting-rights-25-to-50-percent'],
    }));
    fake.add({ company_number: '01234567', company_name: 'MANY OWNERS LTD', company_status: 'active', pscs });
    const before = fake.requests.length;
    expect(record(await lookup('1234567')).owners).toHaveLength(130);
    expect(fake.requests.slice(before).map((r) => r.url)).toEqual([
      '/company/01234567',
      '/company/01234567/persons-with-significant-control?items_per_page=100&start_index=0',
      '/company/01234567/persons-with-significant-control?items_per_page=100&start_index=100',
    ]);
  });

  it('no PSC register (404) means owners unknown, not none', async () => {
    const r = record(await lookup('00000042'));
    expect(r.status).toBe('dissolved');
    expect(r.owners).toBeNull();
  });

  it.each(Object.entries(COMPANIES_HOUSE_STATUS))('company_status %s → %s', async (chStatus, expected) => {
    const number = `OC${String(Object.keys(COMPANIES_HOUSE_STATUS).indexOf(chStatus)).padStart(6, '0')}`;
    fake.add({ company_number: number, company_name: `STATUS ${chStatus} LLP`, company_status: chStatus, pscs: [] });
    const r = record(await lookup(number));
    expect(r.status).toBe(expected);
    expect(r.owners).toEqual([]);
  });

  it('keeps company_status_detail as evidence without changing the status', async () => {
    fake.add({
      company_number: '07654321',
      company_name: 'FADING LTD',
      company_status: 'active',
      company_status_detail: 'active-proposal-to-strike-off',
      pscs: [],
    });
    const r = record(await lookup('07654321'));
    expect(r.status).toBe('active');
    expect(r.statusDetail).toBe('active (active-proposal-to-strike-off)');
  });

  it('an unknown company_status is an error, never a guess', async () => {
    fake.add({ company_number: '07000001', company_name: 'NEW LTD', company_status: 'something-new', pscs: [] });
    await expect(lookup('07000001')).rejects.toThrow(/status 'something-new'/);
  });

  it('answers not found for an unknown company number (documented 404 body)', async () => {
    expect(await lookup('99999999')).toEqual({ found: false });
  });

  it('a wrong API key (401) is an error, not "not found" and not a retry', async () => {
    const error = await provider({ apiKey: 'wrong' })
      .lookup({ countryCode: 'GB', registrationId: '09446231', supplier: 'x' })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain('refused the API key (HTTP 401)');
  });

  it.each([429, 500, 502] as const)('HTTP %s is retryable', async (status) => {
    fake.fail(1, status);
    await expect(lookup('09446231')).rejects.toBeInstanceOf(RetryableCheckError);
    expect(record(await lookup('09446231')).status).toBe('active');
  });

  it('a PSC list that fails makes the whole lookup retryable', async () => {
    // The profile answers; the PSC request right after it gets a 503.
    const p = companiesHouseProvider({
      apiKey: COMPANIES_HOUSE_KEY,
      baseUrl: fake.baseUrl,
      fetch: async (input, init) => {
        if (String(input).includes('persons-with-significant-control')) fake.fail(1, 503);
        return fetch(input, init);
      },
    });
    const error = await p.lookup({ countryCode: 'GB', registrationId: '09446231', supplier: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain('HTTP 503');
  });

  it('a registry that does not answer in time is retryable', async () => {
    fake.fail(1, 'hang');
    const error = await provider({ timeoutMs: 200 })
      .lookup({ countryCode: 'GB', registrationId: '09446231', supplier: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain('no answer within 200 ms');
  });

  it('covers GB company numbers only, and never answers "not found" for others', async () => {
    const p = provider();
    expect(p.covers('GB')).toBe(true);
    expect(p.covers('gb', 'sc123456')).toBe(true);
    expect(p.covers('GB', '5493001KJTIIGC8Y1R12')).toBe(false);
    expect(p.covers('IE', '09446231')).toBe(false);
    await expect(p.lookup({ countryCode: 'GB', registrationId: 'not a number', supplier: 'x' })).rejects.toThrow(
      /GB company numbers only/,
    );
  });

  it('refuses to start without an API key', () => {
    expect(() => companiesHouseProvider({ apiKey: '' })).toThrow(/API key/);
  });
});

describe('ownershipLowerBound', () => {
  it.each([
    [['ownership-of-shares-25-to-50-percent'], 25],
    [['ownership-of-shares-50-to-75-percent'], 50],
    [['ownership-of-shares-75-to-100-percent'], 75],
    [['ownership-of-shares-25-to-50-percent-as-firm', 'ownership-of-shares-50-to-75-percent-as-trust'], 50],
    [['right-to-share-surplus-assets-75-to-100-percent-limited-liability-partnership'], 75],
    [['ownership-of-shares-more-than-25-percent-registered-overseas-entity'], 25],
    [['voting-rights-75-to-100-percent', 'right-to-appoint-and-remove-directors'], null],
    [[], null],
  ])('%j → %s', (natures, expected) => {
    expect(ownershipLowerBound(natures)).toBe(expected);
  });
});
