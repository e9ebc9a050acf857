import { CoverageList, CoverageRow } from '@keybs/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

describe('GET /v1/coverage', () => {
  it('lists the 217 World Bank economies with tier, turnaround, sources and formats', async () => {
    const r = await t.request('GET', '/v1/coverage');
    expect(r.status).toBe(200);
    const list = CoverageList.parse(r.json);
    expect(list.count).toBe(217);
    expect(list.data).toHaveLength(217);
    expect(new Set(list.data.map((c) => c.country_code)).size).toBe(217);
    const my = list.data.find((c) => c.country_code === 'MY');
    expect(my).toMatchObject({
      name: 'Malaysia',
      tier: 2,
      turnaround_source: 'tier_default',
      median_turnaround: 'PT3H',
    });
    expect(list.data.find((c) => c.country_code === 'XK')?.name).toBe('Kosovo');
    expect(list.data.find((c) => c.country_code === 'JE')).toBeUndefined();
    expect(list.data.find((c) => c.country_code === 'GG')?.also_accepts).toEqual(['JE']);
    for (const row of list.data) {
      expect(row.registry_sources.length).toBeGreaterThan(0);
      expect(row.median_turnaround).toMatch(/^PT\d+[HMS]/);
    }
  });

  it('one row by code, any case; JE answers with the GG row; unknown → 404', async () => {
    const gb = await t.request('GET', '/v1/coverage/gb');
    expect(CoverageRow.parse(gb.json)).toMatchObject({ country_code: 'GB', tier: 1 });
    const je = await t.request('GET', '/v1/coverage/JE');
    expect(je.json.country_code).toBe('GG');
    expectError(
      await t.request('GET', '/v1/coverage/ZZ'),
      404,
      'resource_not_found',
      'not_found_error',
      'country_code',
    );
    expectError(await t.request('GET', '/v1/coverage/GBR'), 404, 'resource_not_found');
  });

  it('switches to the observed median once 5 verifications were decided in 90 days', async () => {
    const body = { supplier: 'Observed Oy', country_code: 'FI', registration_id: '0112038-9', package: 'basic' };
    const hub = await (await import('../helpers/hub.js')).startTestHub();
    try {
      for (let i = 0; i < 5; i++) {
        const r = await hub.request('POST', '/v1/verifications', { body });
        expect(r.status).toBe(201);
        await hub.request('POST', `/v1/test_helpers/verifications/${r.json.verification_id}/advance`);
      }
      const fi = await hub.request('GET', '/v1/coverage/FI');
      expect(fi.json.turnaround_source).toBe('observed');
      expect(fi.json.median_turnaround).toMatch(/^PT\d+S$/);
      const live = await hub.request('GET', '/v1/coverage/FI', { key: hub.liveKey });
      expect(live.json.turnaround_source).toBe('tier_default');
    } finally {
      await hub.close();
    }
  });
});
