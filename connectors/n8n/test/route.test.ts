import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, ORDER, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { type InstalledPackage, installPackage } from './engine.js';
import { type Credentials, keyBsWorkflow, runWorkflow } from './run.js';

// "Branching workflows on tier and confidence": the route operation's three outputs, run by n8n's engine.

let hub: TestHub;
let pkg: InstalledPackage;
let creds: Credentials;
beforeAll(async () => {
  hub = await startTestHub();
  pkg = await installPackage();
  creds = { apiKey: hub.testKey, baseUrl: hub.url };
});
afterAll(async () => {
  pkg?.remove();
  await hub?.close();
});

const route = (rule: Record<string, unknown> = {}) => ({ resource: 'verification', operation: 'route', ...rule });
/** The `supplier` of each item on each output: Pass, Review, Pending. */
async function routed(items: object[], rule: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const { outputs, error } = await runWorkflow(pkg, creds, keyBsWorkflow(route(rule), items, extra));
  if (error) throw error;
  return outputs.map((out) => out.map((item) => item.json.supplier ?? item.json));
}

const decision = (supplier: string, tier: number, confidence: number, recommendation = 'proceed') => ({
  supplier,
  verification_id: `KBS-VR-2026-0000${tier}${Math.round(confidence * 100)}`,
  status: 'completed',
  country_tier: tier,
  confidence,
  recommendation,
});

describe('route by tier and confidence', () => {
  it('has three outputs: Pass at or above the confidence and tier limits, Review below, Pending while unknown', async () => {
    const items = [
      decision('exactly at threshold', 1, 0.8),
      decision('below threshold', 1, 0.79),
      decision('tier too high', 3, 0.99),
      { supplier: 'no decision yet', country_tier: 2, confidence: null, status: 'in_progress' },
      decision('tier 2 ok', 2, 0.95, 'proceed_with_controls'),
    ];
    expect(await routed(items, { minConfidence: 0.8, maxTier: 2 })).toEqual([
      ['exactly at threshold', 'tier 2 ok'],
      ['below threshold', 'tier too high'],
      ['no decision yet'],
    ]);
    expect(await routed(items, { minConfidence: 0.5, maxTier: 3 })).toEqual([
      ['exactly at threshold', 'below threshold', 'tier too high', 'tier 2 ok'],
      [],
      ['no decision yet'],
    ]);
  });

  it('never passes a blocked recommendation, whatever its confidence; the list is the user’s', async () => {
    const items = [decision('rejected', 1, 0.99, 'reject'), decision('edd', 1, 0.99, 'enhanced_due_diligence')];
    expect(await routed(items)).toEqual([[], ['rejected', 'edd'], []]);
    expect(await routed(items, { blockedRecommendations: ['reject'] })).toEqual([['edd'], ['rejected'], []]);
  });

  it('routes what the hub returns: an order is Pending, a completed verification by its decision', async () => {
    const pending = (await hub.request('POST', '/v1/verifications', { body: ORDER })).json;
    const id = (await hub.request('POST', '/v1/verifications', { body: BASIC_GB })).json.verification_id;
    const done = await eventually(async () => {
      const v = (await hub.request('GET', `/v1/verifications/${id}`)).json;
      return v.status === 'completed' ? v : undefined;
    }, 10_000);
    // The simulated GB registry decides this supplier deterministically.
    expect(done).toMatchObject({ country_tier: 1, confidence: 0.65 });
    expect(done.decision.recommendation).toBe('proceed_with_controls');
    const gb = BASIC_GB.supplier;
    const my = ORDER.supplier;
    expect(await routed([done, pending], { minConfidence: 0.65, maxTier: 1 })).toEqual([[gb], [], [my]]);
    expect(await routed([done, pending], { minConfidence: 0.66, maxTier: 1 })).toEqual([[], [gb], [my]]);
    expect(await routed([done.decision], { minConfidence: 0.6, maxTier: 1 })).toEqual([[gb], [], []]);
  });

  it('stops on an item with nothing to route on, or sends it as an error to the first output under Continue On Fail', async () => {
    const coverageRow = { country_code: 'GB', tier: 1 };
    const { error } = await runWorkflow(pkg, creds, keyBsWorkflow(route(), [coverageRow]));
    expect(error).toMatchObject({
      name: 'NodeOperationError',
      message: 'The item has no numeric country_tier to route on',
    });
    const outputs = await routed([coverageRow, decision('ok', 1, 0.9)], {}, { continueOnFail: true });
    expect(outputs).toEqual([[{ error: 'The item has no numeric country_tier to route on' }, 'ok'], [], []]);
  });
});
