import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { KEYBS_RATE_LIMIT_PER_SECOND: '0' } });
});
afterAll(() => t.close());

const count = async () =>
  (await t.hub.services.store.verifications.count(false)) + (await t.hub.services.store.verifications.count(true));

/** Values shaped like an order but with any field broken, missing, retyped or extra. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
  fc.dictionary(fc.string(), fc.string()),
);
const orderish = fc.record(
  {
    supplier: fc.oneof(fc.string({ maxLength: 400 }), anyValue),
    country_code: fc.oneof(fc.constantFrom('MY', 'gb', 'ZZ', 'JE', 'XK', 'GBR', ''), anyValue),
    registration_id: fc.oneof(
      fc.constantFrom('1287654-K', '09446231', '000000', 'ABC'),
      fc.string({ maxLength: 80 }),
      anyValue,
    ),
    package: fc.oneof(fc.constantFrom('basic', 'standard', 'enhanced', 'gold'), anyValue),
    external_ref: anyValue,
    metadata: fc.oneof(fc.dictionary(fc.string(), anyValue, { maxKeys: 25 }), anyValue),
    beneficiaries: fc.oneof(
      fc.array(fc.record({ name: anyValue, ownership_pct: anyValue }, { requiredKeys: [] })),
      anyValue,
    ),
    webhook_url: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('random bodies', () => {
  it('never get a 5xx, and a rejected body writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(orderish, fc.boolean(), async (body, live) => {
        const before = await count();
        const r = await t.request('POST', '/v1/verifications', { body, key: live ? t.liveKey : t.testKey });
        expect(r.status).toBeLessThan(500);
        expect(r.headers.get('x-request-id')).toMatch(/^req_/);
        if (r.status === 201) {
          expect(await count()).toBe(before + 1);
        } else {
          expect(r.status).toBe(422);
          expect(r.json.error.request_id).toBe(r.headers.get('x-request-id'));
          expect(await count()).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random raw bytes and content types never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', 'application/xml'),
        async (raw, type) => {
          const before = await count();
          const r = await t.request('POST', '/v1/verifications', { raw, headers: { 'content-type': type } });
          expect(r.status).toBeLessThan(500);
          if (r.status !== 201) expect(await count()).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random query strings on the list never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('limit', 'starting_after', 'status', 'country_code', 'external_ref', 'x'),
          fc.string(),
        ),
        async (q) => {
          const r = await t.request('GET', `/v1/verifications?${new URLSearchParams(q)}`);
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the seed order still works after the fuzzing', async () => {
    expect((await t.request('POST', '/v1/verifications', { body: ORDER })).status).toBe(201);
  });
});
