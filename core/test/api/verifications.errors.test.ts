import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const count = () => t.hub.services.store.verifications.count(false);

describe('order validation (422 with param, nothing written)', () => {
  it.each([
    ['supplier', { ...ORDER, supplier: 42 }, 'validation_failed'],
    ['supplier', { ...ORDER, supplier: '   ' }, 'validation_failed'],
    ['supplier', { ...ORDER, supplier: 'x'.repeat(301) }, 'validation_failed'],
    ['supplier', { country_code: 'MY', registration_id: '1' }, 'validation_failed'],
    ['country_code', { ...ORDER, country_code: 'MYS' }, 'validation_failed'],
    ['country_code', { ...ORDER, country_code: 'ZZ' }, 'country_not_covered'],
    ['country_code', { ...ORDER, country_code: 'TW' }, 'country_not_covered'],
    ['registration_id', { ...ORDER, registration_id: '' }, 'validation_failed'],
    ['registration_id', { ...ORDER, registration_id: 'x'.repeat(65) }, 'validation_failed'],
    ['registration_id', { ...ORDER, country_code: 'GB', registration_id: 'ABCDEFGHIJ' }, 'invalid_registration_id'],
    ['package', { ...ORDER, package: 'premium' }, 'validation_failed'],
    ['external_ref', { ...ORDER, external_ref: 'x'.repeat(129) }, 'validation_failed'],
    [
      'metadata',
      { ...ORDER, metadata: Object.fromEntries([...Array(21)].map((_, i) => [`k${i}`, 'v'])) },
      'validation_failed',
    ],
    ['metadata.note', { ...ORDER, metadata: { note: 'x'.repeat(501) } }, 'validation_failed'],
    ['metadata.n', { ...ORDER, metadata: { n: 5 } }, 'validation_failed'],
    ['beneficiaries', { ...ORDER, beneficiaries: [...Array(26)].map(() => ({ name: 'A' })) }, 'validation_failed'],
    ['beneficiaries.0.name', { ...ORDER, beneficiaries: [{ ownership_pct: 10 }] }, 'validation_failed'],
    [
      'beneficiaries.0.ownership_pct',
      { ...ORDER, beneficiaries: [{ name: 'A', ownership_pct: 101 }] },
      'validation_failed',
    ],
    [
      'beneficiaries.0.date_of_birth',
      { ...ORDER, beneficiaries: [{ name: 'A', date_of_birth: '1990-02-30' }] },
      'validation_failed',
    ],
    ['webhook_url', { ...ORDER, webhook_url: 'https://example.com/hook' }, 'webhook_url_not_registered'],
    ['colour', { ...ORDER, colour: 'blue' }, 'validation_failed'],
  ])('%s → 422', async (param, body, code) => {
    const before = await count();
    const r = await t.request('POST', '/v1/verifications', { body });
    expectError(r, 422, code, 'invalid_request_error', param);
    expect(await count()).toBe(before);
  });

  it('an array body is refused', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: [ORDER] });
    expectError(r, 422, 'validation_failed');
  });
});

describe('malformed requests', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      raw: '{"supplier":',
      headers: { 'content-type': 'application/json' },
    });
    expectError(r, 400, 'invalid_json', 'invalid_request_error');
  });

  it('a JSON scalar → 400', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      raw: '"hello"',
      headers: { 'content-type': 'application/json' },
    });
    expectError(r, 400, 'invalid_json');
  });

  it('a body that is not JSON → 415', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      raw: 'supplier=Acme',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(r, 415, 'unsupported_media_type');
  });

  it('a body over 1 MiB → 413, nothing written', async () => {
    const before = await count();
    const raw = JSON.stringify({ ...ORDER, metadata: { pad: 'x'.repeat(1024 * 1024) } });
    const r = await t.request('POST', '/v1/verifications', { raw, headers: { 'content-type': 'application/json' } });
    expectError(r, 413, 'body_too_large');
    expect(await count()).toBe(before);
  });

  it('a malformed Idempotency-Key → 400 naming the header', async () => {
    const r = await t.request('POST', '/v1/verifications', {
      body: ORDER,
      headers: { 'idempotency-key': 'x'.repeat(256) },
    });
    expectError(r, 400, 'invalid_header', 'invalid_request_error', 'Idempotency-Key');
  });

  it('bad list parameters → 422 naming the parameter', async () => {
    expectError(await t.request('GET', '/v1/verifications?limit=0'), 422, 'validation_failed', undefined, 'limit');
    expectError(await t.request('GET', '/v1/verifications?limit=101'), 422, 'validation_failed', undefined, 'limit');
    expectError(await t.request('GET', '/v1/verifications?limit=ten'), 422, 'validation_failed', undefined, 'limit');
    expectError(await t.request('GET', '/v1/verifications?status=done'), 422, 'validation_failed', undefined, 'status');
    expectError(await t.request('GET', '/v1/verifications?colour=1'), 422, 'validation_failed', undefined, 'colour');
  });

  it('an unknown starting_after → 404 naming it', async () => {
    const r = await t.request('GET', '/v1/verifications?starting_after=KBS-VR-2026-999999');
    expectError(r, 404, 'resource_not_found', 'not_found_error', 'starting_after');
  });
});

describe('unknown objects and routes', () => {
  it('an unknown verification → 404', async () => {
    expectError(
      await t.request('GET', '/v1/verifications/KBS-VR-1999-000000'),
      404,
      'resource_not_found',
      'not_found_error',
    );
    expectError(await t.request('POST', '/v1/verifications/nope/cancel'), 404, 'resource_not_found');
    expectError(await t.request('POST', '/v1/test_helpers/verifications/nope/advance'), 404, 'resource_not_found');
  });

  it('an unknown path → 404 route_not_found; a wrong method → 405 with Allow', async () => {
    expectError(await t.request('GET', '/v1/nothing-here'), 404, 'route_not_found', 'not_found_error');
    const r = await t.request('DELETE', '/v1/verifications');
    expectError(r, 405, 'method_not_allowed');
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST');
    const put = await t.request('PUT', '/v1/verifications/KBS-VR-2026-000001');
    expectError(put, 405, 'method_not_allowed');
    expect(put.headers.get('allow')).toBe('GET, HEAD');
  });
});
