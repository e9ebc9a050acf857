import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGleif, GLEIF_LEIS } from '../../../../test/fakes/gleif.js';
import { RetryableCheckError } from '../check.js';
import { gleifProvider } from './gleif.js';
import type { RegistryLookup } from './provider.js';

let fake: FakeGleif;
beforeAll(async () => {
  fake = await FakeGleif.start();
});
afterAll(() => fake.close());

const NOW = Date.parse('2024-06-03T10:00:00Z');
const provider = (timeoutMs = 2_000) => gleifProvider({ baseUrl: fake.baseUrl, timeoutMs, now: () => NOW });
const lookup = (registrationId: string, countryCode = 'US') =>
  provider().lookup({ countryCode, registrationId, supplier: 'Whoever' });
const record = (result: RegistryLookup) => {
  if (!result.found) throw new Error('expected a record');
  return result.record;
};

describe('gleifProvider', () => {
  it('maps an ACTIVE / ISSUED record: name, address, jurisdiction, status', async () => {
    const before = fake.requests.length;
    expect(record(await lookup(` ${GLEIF_LEIS.bloomberg.toLowerCase()} `))).toEqual({
      status: 'active',
      statusDetail: 'entity ACTIVE, registration ISSUED',
      legalName: 'Bloomberg Finance L.P.',
      registrationId: '5493001KJTIIGC8Y1R12',
      incorporatedOn: null,
      address: '731 Lexington Avenue, New York, 10022, US',
      owners: null,
      jurisdiction: 'US-DE',
      asOf: '2024-06-03T10:00:00.000Z',
    });
    const request = fake.requests[before];
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api/v1/lei-records/5493001KJTIIGC8Y1R12');
    expect(request?.headers.accept).toBe('application/vnd.api+json');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it.each([
    [GLEIF_LEIS.dissolved, 'dissolved', 'entity INACTIVE, registration RETIRED, expired: DISSOLVED'],
    [GLEIF_LEIS.inactive, 'inactive', 'entity INACTIVE, registration LAPSED, expired: OTHER'],
    [GLEIF_LEIS.merged, 'dissolved', 'entity ACTIVE, registration MERGED'],
    [GLEIF_LEIS.retired, 'inactive', 'entity ACTIVE, registration RETIRED'],
    [GLEIF_LEIS.annulled, 'inactive', 'entity ACTIVE, registration ANNULLED'],
    [GLEIF_LEIS.lapsed, 'active', 'entity ACTIVE, registration LAPSED'],
  ])('maps %s to %s', async (lei, status, detail) => {
    const r = record(await lookup(lei));
    expect(r.status).toBe(status);
    expect(r.statusDetail).toBe(detail);
  });

  it('takes the creation date as the incorporation date', async () => {
    expect(record(await lookup(GLEIF_LEIS.dissolved)).incorporatedOn).toBe('2001-03-14');
  });

  it('answers not found when GLEIF has no such LEI (404)', async () => {
    expect(await lookup(GLEIF_LEIS.unknown)).toEqual({ found: false });
  });

  it('covers every country, but only LEIs with valid check digits', () => {
    const p = provider();
    expect(p.covers('MY')).toBe(true);
    expect(p.covers('MY', GLEIF_LEIS.bloomberg)).toBe(true);
    expect(p.covers('GB', '09446231')).toBe(false);
    expect(p.covers('US', '5493001KJTIIGC8Y1R13')).toBe(false);
  });

  it('never answers "not found" for an id it cannot look up', async () => {
    const before = fake.requests.length;
    await expect(lookup('09446231', 'GB')).rejects.toThrow(/LEIs only/);
    expect(fake.requests.length).toBe(before);
  });

  it.each([429, 500, 503] as const)('HTTP %s is retryable', async (status) => {
    fake.fail(1, status);
    const error = await lookup(GLEIF_LEIS.bloomberg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain(`HTTP ${status}`);
    expect(record(await lookup(GLEIF_LEIS.bloomberg)).status).toBe('active');
  });

  it('a registry that does not answer in time is retryable', async () => {
    fake.fail(1, 'hang');
    const started = Date.now();
    const error = await provider(200)
      .lookup({ countryCode: 'US', registrationId: GLEIF_LEIS.bloomberg, supplier: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain('no answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a refused connection is retryable', async () => {
    const down = gleifProvider({ baseUrl: 'http://127.0.0.1:1/api/v1', timeoutMs: 1_000 });
    await expect(
      down.lookup({ countryCode: 'US', registrationId: GLEIF_LEIS.bloomberg, supplier: 'x' }),
    ).rejects.toBeInstanceOf(RetryableCheckError);
  });

  it('any other 4xx is an error that names the status, not a retry', async () => {
    const teapot: typeof fetch = async () => new Response('{"errors":[{"status":"400"}]}', { status: 400 });
    const p = gleifProvider({ baseUrl: fake.baseUrl, fetch: teapot });
    const error = await p
      .lookup({ countryCode: 'US', registrationId: GLEIF_LEIS.bloomberg, supplier: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RetryableCheckError);
    expect(String(error)).toContain('HTTP 400');
  });

  it('a status it does not know is an error, never a guess', async () => {
    fake.add({
      lei: '549300NEWSTATUS00062',
      legalName: 'New Status Ltd',
      entityStatus: 'NULL',
      registrationStatus: 'NEW',
    });
    await expect(lookup('549300NEWSTATUS00062')).rejects.toThrow(/statuses this hub does not know/);
  });
});
