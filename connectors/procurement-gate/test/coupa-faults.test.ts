import { afterEach, describe, expect, it } from 'vitest';
import { eventually, TestClock, type TestHub } from '../../../core/test/helpers/hub.js';
import { COUPA_APPROVER, COUPA_CLIENT_ID, COUPA_CLIENT_SECRET, FakeCoupa } from '../../../test/fakes/coupa.js';
import { advance, NEVER, PLUGIN, poll, startGateHub, statusWhere, verificationsOf } from './approver-hub.js';

let t: TestHub | undefined;
let coupa: FakeCoupa | undefined;
afterEach(async () => {
  await t?.close();
  await coupa?.close();
  t = undefined;
  coupa = undefined;
});

async function start(options: { package: string; threshold: number; clock?: TestClock; entry?: object }) {
  coupa = await FakeCoupa.start();
  const config = {
    threshold: options.threshold,
    coupa: {
      instanceUrl: coupa.url,
      clientId: COUPA_CLIENT_ID,
      clientSecret: COUPA_CLIENT_SECRET,
      approverLogin: COUPA_APPROVER,
      environment: 'test',
      package: options.package,
      pollCron: NEVER,
    },
  };
  t = await startGateHub(config, { ...options.entry }, options.clock);
  return { hub: t, coupa };
}

/** A supplier whose (enhanced) verification waits for an analyst, so the test decides when it is decided. */
const MERIDIAN = { name: 'Meridian Components Sdn. Bhd.', country: 'MY', taxId: '1287654-K' };

describe('Coupa approver: faults', () => {
  it('survives Coupa being down for an hour: nothing is lost, every approval is applied afterwards', async () => {
    const clock = new TestClock();
    // Retries 1 min, 10 min, 30 min, 1 h after the first failure: the last one falls after the outage.
    const { hub, coupa } = await start({
      package: 'enhanced',
      threshold: 0,
      clock,
      entry: { retrySchedule: [60, 600, 1800, 3600] },
    });
    const held = coupa.addRequisition([MERIDIAN]);
    await poll(hub, 'coupa');
    expect(coupa.approvals.get(held)?.status).toBe('on_hold');
    const [v] = await verificationsOf(hub, `coupa:supplier:${coupa.supplierId(MERIDIAN.name)}`);

    coupa.down = true;
    const raisedMeanwhile = coupa.addRequisition([MERIDIAN]); // submitted in Coupa during the outage
    const decided = await advance(hub, v.verification_id);
    expect(decided.status).toBe('completed');
    const failing = await statusWhere(hub, (s) => s.retrying === 1);
    expect(failing.last_error).toMatch(/^Coupa answered 503 to PUT \/api\/approvals\/\d+\/approve: service Coupa is/);

    // An hour of polls and retries against a dead Coupa.
    for (let minute = 0; minute < 60; minute += 5) {
      clock.advance(5 * 60_000);
      hub.hub.services.plugins.notify();
      await poll(hub, 'coupa');
      const s = await statusWhere(hub, (p) => p.retrying === 1 && p.dead_letters === 0);
      expect(s.schedules[0].last_error).toMatch(/^Coupa (answered 503|sign-in failed)/);
    }
    expect(coupa.approvals.get(held)?.status).toBe('on_hold');

    coupa.down = false;
    clock.advance(2 * 3_600_000);
    hub.hub.services.plugins.notify();
    await statusWhere(hub, (s) => s.lag === 0 && s.pending === 0 && s.dead_letters === 0);
    await poll(hub, 'coupa');

    const expected =
      decided.decision.recommendation === 'reject' || decided.decision.recommendation === 'enhanced_due_diligence'
        ? 'rejected'
        : 'approved';
    expect(coupa.approvals.get(held)?.status).toBe(expected);
    expect(coupa.approvals.get(raisedMeanwhile)?.status).toBe(expected);
    expect(coupa.approvals.get(held)?.notes.map((n) => n.action)).toEqual([
      'hold',
      expected.replace(/d$/, '').replace(/e$/, 'e'),
    ]);
    expect(coupa.approvals.get(held)?.note).toContain(decided.decision.report_url);
    // One verification for the supplier, however many requisitions and retries.
    expect(await verificationsOf(hub, `coupa:supplier:${coupa.supplierId(MERIDIAN.name)}`)).toHaveLength(1);
    const s = await statusWhere(hub, (p) => p.health.status === 'ok');
    expect(s.schedules[0].last_error).toBeNull();
  });

  it('dead-letters a decision Coupa refuses to act on, with the reason, and moves on to the next one', async () => {
    const { hub, coupa } = await start({ package: 'basic', threshold: 0.5 });
    const poisoned = coupa.addRequisition([{ name: 'Good Supplier Ltd', country: 'GB', taxId: '09446231' }]);
    coupa.refuse.set(poisoned, {
      action: 'approve',
      status: 422,
      message: 'cannot be approved: requisition line 1 has no account',
    });
    await poll(hub, 'coupa');
    const dead = await statusWhere(hub, (s) => s.dead_letters === 1);
    expect(dead.recent_dead_letters[0]).toMatchObject({
      event_type: 'verification.completed',
      attempts: 1,
      error: `Coupa answered 422 to PUT /api/approvals/${poisoned}/approve: approval cannot be approved: requisition line 1 has no account`,
    });

    // The cursor moved on: the next supplier's decision is applied.
    const next = coupa.addRequisition([{ name: 'Second Good Ltd', country: 'GB', taxId: '09446231' }]);
    await poll(hub, 'coupa');
    await eventually(async () => (coupa.approvals.get(next)?.status === 'approved' ? true : undefined));
    const after = await statusWhere(hub, (s) => s.lag === 0 && s.delivered >= 1);
    expect(after.dead_letters).toBe(1);
    expect(coupa.approvals.get(poisoned)?.status).toBe('on_hold');

    // The poller leaves it alone; once Coupa accepts it, replaying the dead letter applies it.
    await poll(hub, 'coupa');
    expect(coupa.actions().filter(([id, action]) => id === poisoned && action === 'approve')).toHaveLength(1);
    coupa.refuse.delete(poisoned);
    await hub.hub.services.store.plugins.replayDead(PLUGIN, Date.now(), [dead.recent_dead_letters[0].event_id]);
    hub.hub.services.plugins.notify();
    await eventually(async () => (coupa.approvals.get(poisoned)?.status === 'approved' ? true : undefined));
  });

  it('refuses to start with a bad Coupa config, naming the plugin and the reason', async () => {
    const base = { instanceUrl: 'https://acme.coupahost.com', clientId: 'a', clientSecret: 'b', approverLogin: 'c' };
    await expect(startGateHub({ coupa: { ...base, instanceUrl: 'acme.coupahost.com' } })).rejects.toThrow(
      /^plugin @keybs\/connector-procurement-gate: invalid config: coupa\.instanceUrl: Invalid URL$/,
    );
    const { clientSecret: _, ...noSecret } = base;
    await expect(startGateHub({ coupa: noSecret })).rejects.toThrow(
      'plugin @keybs/connector-procurement-gate: invalid config: coupa.clientSecret: Invalid input: expected string, received undefined',
    );
    await expect(startGateHub({ coupa: { ...base, pollCron: 'every minute' } })).rejects.toThrow(
      "plugin @keybs/connector-procurement-gate: schedule 'coupa-approvals' has an invalid cron expression 'every minute'",
    );
    await expect(startGateHub({ coupa: { ...base, scope: 'core.approval.read,core.approval.write' } })).rejects.toThrow(
      'invalid config: coupa.scope: must be space-separated Coupa scopes',
    );
  });
});
