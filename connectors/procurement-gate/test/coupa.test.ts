import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type TestHub } from '../../../core/test/helpers/hub.js';
import { COUPA_APPROVER, COUPA_CLIENT_ID, COUPA_CLIENT_SECRET, FakeCoupa } from '../../../test/fakes/coupa.js';
import { NEVER, poll, startGateHub, statusWhere, verificationsOf } from './approver-hub.js';

let t: TestHub | undefined;
let coupa: FakeCoupa | undefined;
afterEach(async () => {
  await t?.close();
  await coupa?.close();
  t = undefined;
  coupa = undefined;
});

async function start(coupaConfig: Record<string, unknown> = {}, threshold = 0.5) {
  coupa = await FakeCoupa.start();
  t = await startGateHub({
    threshold,
    coupa: {
      instanceUrl: coupa.url,
      clientId: COUPA_CLIENT_ID,
      clientSecret: COUPA_CLIENT_SECRET,
      approverLogin: COUPA_APPROVER,
      environment: 'test',
      package: 'basic',
      pollCron: NEVER,
      ...coupaConfig,
    },
  });
  return { hub: t, coupa };
}

const GOOD = { name: 'Good Supplier Ltd', country: 'GB', taxId: '09446231' };
const DISSOLVED = { name: 'Dissolved Widgets Ltd', country: 'GB', taxId: '09446231' };
const statusOf = (c: FakeCoupa, id: number) => c.approvals.get(id)?.status;
const settled = (c: FakeCoupa, id: number) =>
  eventually(async () => {
    const s = statusOf(c, id);
    return s === 'approved' || s === 'rejected' ? s : undefined;
  });

describe('Coupa approver', () => {
  it('holds an unverified supplier’s requisition, orders its verification once, then approves with the report', async () => {
    const { hub, coupa } = await start();
    const first = coupa.addRequisition([GOOD]);
    const human = coupa.addRequisition([GOOD], 'a.buyer'); // another approver's: not ours to touch
    await poll(hub, 'coupa');

    const ref = `coupa:supplier:${coupa.supplierId(GOOD.name)}`;
    const [ordered, ...more] = await verificationsOf(hub, ref);
    expect(more).toEqual([]);
    expect(ordered).toMatchObject({
      supplier: GOOD.name,
      country_code: 'GB',
      registration_id: GOOD.taxId,
      package: 'basic',
      metadata: { source: 'coupa', coupa_supplier_id: String(coupa.supplierId(GOOD.name)) },
    });
    expect(await settled(coupa, first)).toBe('approved');
    const decision = (await hub.request('GET', `/v1/verifications/${ordered.verification_id}`)).json.decision;
    const notes = coupa.approvals.get(first)?.notes ?? [];
    expect(notes.map((n) => n.action)).toEqual(['hold', 'approve']);
    expect(notes[0]?.note).toBe(
      `On hold by KeyBS: verifying ${GOOD.name} (${ordered.verification_id}). Approved or rejected as soon as the decision arrives.`,
    );
    expect(notes[1]?.note).toBe(
      `Approved by KeyBS. ${GOOD.name} verified by KeyBS (${decision.recommendation}, confidence ${decision.confidence.toFixed(2)}). Report: ${decision.report_url}`,
    );
    expect(decision.report_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/profile\/KBS-VR-/);

    // A later requisition from the same, now verified, supplier is approved at once, with no second order.
    const second = coupa.addRequisition([GOOD]);
    await poll(hub, 'coupa');
    expect(statusOf(coupa, second)).toBe('approved');
    expect(coupa.approvals.get(second)?.notes.map((n) => n.action)).toEqual(['approve']);
    expect(await verificationsOf(hub, ref)).toHaveLength(1);
    expect(statusOf(coupa, human)).toBe('pending_approval');
    expect(coupa.actions().some(([id]) => id === human)).toBe(false);

    // The calls, as Coupa documents them: one client-credentials token, then bearer calls.
    const tokens = coupa.calls.filter((c) => c.path === '/oauth2/token');
    expect(tokens).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokens[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: COUPA_CLIENT_ID,
      client_secret: COUPA_CLIENT_SECRET,
      scope: 'core.approval.read core.approval.write core.requisition.read core.supplier.read',
    });
    const list = coupa.calls.find((c) => c.path === '/api/approvals');
    expect(Object.fromEntries(list?.query ?? [])).toEqual({
      status: 'pending_approval',
      'approvable-type': 'RequisitionHeader',
      'approver[login]': COUPA_APPROVER,
      limit: '50',
      offset: '0',
    });
    expect(list?.headers.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    expect(list?.headers.accept).toBe('application/json');
  });

  it('rejects a supplier KeyBS recommends rejecting, with the reason and the report, and audits it', async () => {
    const { hub, coupa } = await start();
    const id = coupa.addRequisition([DISSOLVED]);
    await poll(hub, 'coupa');
    expect(await settled(coupa, id)).toBe('rejected');
    const [v] = await verificationsOf(hub, `coupa:supplier:${coupa.supplierId(DISSOLVED.name)}`);
    const decision = (await hub.request('GET', `/v1/verifications/${v.verification_id}`)).json.decision;
    expect(decision.recommendation).toBe('reject');
    expect(coupa.approvals.get(id)?.note).toBe(
      `Rejected by KeyBS: supplier ${DISSOLVED.name} did not pass verification: KeyBS recommends reject (confidence ${decision.confidence.toFixed(2)}). Report: ${decision.report_url}`,
    );
    const log = (await hub.request('GET', '/v1/po-gate/decisions')).json.data;
    expect(log[0]).toMatchObject({
      source: 'coupa',
      request_id: null,
      allowed: false,
      reason: 'recommendation_blocks',
      verification_id: v.verification_id,
      query: { order_ref: expect.stringMatching(/^coupa requisition \d+$/), threshold: 0.5 },
    });
  });

  it('rejects at once when the supplier record cannot be verified, or the requisition names no supplier', async () => {
    const { hub, coupa } = await start();
    const noTaxId = coupa.addRequisition([{ name: 'Anonymous Trading Ltd', country: 'GB', taxId: null }]);
    const none = coupa.addRequisition([]);
    await poll(hub, 'coupa');
    expect(coupa.approvals.get(noTaxId)).toMatchObject({
      status: 'rejected',
      note: 'Rejected by KeyBS: supplier Anonymous Trading Ltd cannot be verified: its coupa record has no tax or registration id.',
    });
    expect(coupa.approvals.get(none)).toMatchObject({
      status: 'rejected',
      note: 'Rejected by KeyBS: the requisition names no supplier to verify.',
    });
    expect(await verificationsOf(hub, `coupa:supplier:${coupa.supplierId('Anonymous Trading Ltd')}`)).toEqual([]);
  });

  it('approves a requisition only when every supplier on it is verified', async () => {
    const { hub, coupa } = await start();
    const id = coupa.addRequisition([GOOD, { name: 'Second Good Ltd', country: 'GB', taxId: '09446231' }]);
    await poll(hub, 'coupa');
    expect(await settled(coupa, id)).toBe('approved');
    expect(coupa.approvals.get(id)?.notes.map((n) => n.action)).toEqual(['hold', 'approve']);
    expect(coupa.approvals.get(id)?.note).toContain('Second Good Ltd verified by KeyBS');
    await statusWhere(hub, (s) => s.lag === 0 && s.dead_letters === 0);
  });

  it('shows a refused sign-in in the schedule and health, without touching any approval', async () => {
    const { hub, coupa } = await start({ clientSecret: 'wrong' });
    const id = coupa.addRequisition([GOOD]);
    await poll(hub, 'coupa');
    const s = await statusWhere(hub, (p) => p.health.status === 'degraded');
    expect(s.schedules[0]).toMatchObject({ name: 'coupa-approvals', cron: NEVER });
    expect(s.schedules[0].last_error).toBe(
      'Coupa sign-in failed: Coupa answered 401 to POST /oauth2/token: invalid_client: Client authentication failed',
    );
    expect(s.health.detail).toContain('coupa: Coupa sign-in failed');
    expect(statusOf(coupa, id)).toBe('pending_approval');
  });
});
