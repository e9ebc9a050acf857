import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, expectError, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(config: Record<string, unknown> = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-gate-')), 'keybs.json');
  writeFileSync(file, JSON.stringify({ plugins: [{ package: '@keybs/connector-procurement-gate', config }] }));
  t = await startTestHub({ env: { KEYBS_CONFIG: file } });
  return t;
}

async function decided(h: TestHub, body: Record<string, unknown>): Promise<any> {
  const r = await h.request('POST', '/v1/verifications', {
    body: { country_code: 'GB', registration_id: '09446231', package: 'basic', ...body },
  });
  expect(r.status, r.text).toBe(201);
  return eventually(async () => {
    const v = await h.request('GET', `/v1/verifications/${r.json.verification_id}`);
    return v.json.status === 'completed' ? v.json : undefined;
  });
}

const check = (h: TestHub, body: unknown, key?: string) =>
  h.request('POST', '/v1/po-gate/check', { body, ...(key && { key }) });

describe('POST /v1/po-gate/check', () => {
  it('allows a supplier whose latest completed verification is confident enough and not blocking', async () => {
    const h = await start({ threshold: 0.5 });
    const v = await decided(h, { supplier: 'Good Supplier Ltd', external_ref: 'SUP-1' });
    const r = await check(h, { external_ref: 'SUP-1', order_ref: 'PO-77' });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({
      allowed:
        v.decision.confidence >= 0.5 && !['reject', 'enhanced_due_diligence'].includes(v.decision.recommendation),
      reason: 'verified',
      verification_id: v.verification_id,
      confidence: v.decision.confidence,
      recommendation: v.decision.recommendation,
      decision_id: expect.stringMatching(/^gate_/),
    });
    expect(r.json.allowed).toBe(true);
    // A threshold above its confidence blocks it.
    const strict = await check(h, { verification_id: v.verification_id, threshold: 0.99 });
    expect(strict.json).toMatchObject({ allowed: false, reason: 'low_confidence', verification_id: v.verification_id });
  });

  it('blocks reject and enhanced_due_diligence, unknown and unfinished suppliers', async () => {
    const h = await start({ threshold: 0 });
    await decided(h, { supplier: 'Dissolved Widgets Ltd', external_ref: 'SUP-D' });
    expect((await check(h, { external_ref: 'SUP-D' })).json).toMatchObject({
      allowed: false,
      reason: 'recommendation_blocks',
      recommendation: 'reject',
    });
    expect((await check(h, { external_ref: 'SUP-NONE' })).json).toMatchObject({
      allowed: false,
      reason: 'no_verification',
      verification_id: null,
    });
    const open = await h.request('POST', '/v1/verifications', {
      body: {
        supplier: 'Slow Ltd',
        country_code: 'MY',
        registration_id: '1287654-K',
        package: 'enhanced',
        external_ref: 'SUP-E',
      },
    });
    expect((await check(h, { external_ref: 'SUP-E' })).json).toMatchObject({
      allowed: false,
      reason: 'not_completed',
      verification_id: open.json.verification_id,
    });
  });

  it('audits every gate decision, per environment', async () => {
    const h = await start();
    await check(h, { external_ref: 'SUP-A', order_ref: 'PO-1' });
    await check(h, { external_ref: 'SUP-B', order_ref: 'PO-2' });
    const log = await h.request('GET', '/v1/po-gate/decisions');
    expect(log.json.data.map((d: any) => [d.query.order_ref, d.allowed, d.reason])).toEqual([
      ['PO-2', false, 'no_verification'],
      ['PO-1', false, 'no_verification'],
    ]);
    expect(log.json.data[0]).toMatchObject({ request_id: expect.stringMatching(/^req_/), query: { threshold: 0.8 } });
    expect((await h.request('GET', '/v1/po-gate/decisions', { key: h.liveKey })).json.data).toEqual([]);
  });

  it('needs verifications:read and exactly one of external_ref or verification_id', async () => {
    const h = await start();
    expectError(await check(h, {}), 422, 'validation_failed', 'invalid_request_error', 'external_ref');
    expectError(await check(h, { external_ref: 'a', verification_id: 'b' }), 422, 'validation_failed');
    const narrow = await h.key('test', ['coverage:read']);
    expectError(await check(h, { external_ref: 'a' }, narrow), 403, 'insufficient_scope');
    expectError(await h.request('POST', '/v1/po-gate/check', { key: null, body: {} }), 401, 'api_key_missing');
  });

  it('refuses to start with a bad threshold', async () => {
    await expect(start({ threshold: 2 })).rejects.toThrow(
      /^plugin @keybs\/connector-procurement-gate: invalid config: threshold: /,
    );
  });
});
