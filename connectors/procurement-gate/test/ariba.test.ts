import { afterEach, describe, expect, it } from 'vitest';
import { eventually, TestClock, type TestHub } from '../../../core/test/helpers/hub.js';
import {
  ARIBA_API_KEY,
  ARIBA_CLIENT_ID,
  ARIBA_CLIENT_SECRET,
  ARIBA_REALM,
  ARIBA_USER,
  FakeAriba,
} from '../../../test/fakes/ariba.js';
import { NEVER, poll, startGateHub, statusWhere, verificationsOf } from './approver-hub.js';

let t: TestHub | undefined;
let ariba: FakeAriba | undefined;
afterEach(async () => {
  await t?.close();
  await ariba?.close();
  t = undefined;
  ariba = undefined;
});

async function start(aribaConfig: Record<string, unknown> = {}, clock?: TestClock, entry: object = {}) {
  ariba = await FakeAriba.start();
  t = await startGateHub(
    {
      threshold: 0.5,
      ariba: {
        apiUrl: ariba.apiUrl,
        oauthUrl: ariba.url,
        realm: ARIBA_REALM,
        apiKey: ARIBA_API_KEY,
        clientId: ARIBA_CLIENT_ID,
        clientSecret: ARIBA_CLIENT_SECRET,
        user: ARIBA_USER,
        environment: 'test',
        package: 'basic',
        pollCron: NEVER,
        ...aribaConfig,
      },
    },
    entry,
    clock,
  );
  return { hub: t, ariba };
}

const GOOD = {
  name: 'Good Supplier Ltd',
  uniqueName: 'sup-1001',
  country: 'GB',
  ids: [{ domain: 'vatID', value: '09446231' }],
};
const DISSOLVED = {
  name: 'Dissolved Widgets Ltd',
  uniqueName: 'sup-1002',
  country: 'GB',
  ids: [{ domain: 'registrationNumber', value: '09446231' }],
};
const finished = (a: FakeAriba, id: string) =>
  eventually(async () => {
    const r = a.requisitions.get(id);
    return r && r.state !== 'Submitted' ? r : undefined;
  });

describe('Ariba approver (Document Approval API)', () => {
  it('comments while KeyBS verifies, then approves with the report; denies a rejected supplier', async () => {
    const { hub, ariba } = await start();
    const good = ariba.addRequisition([GOOD]);
    const bad = ariba.addRequisition([DISSOLVED]);
    const someoneElses = ariba.addRequisition([GOOD], 'a.buyer');
    await poll(hub, 'ariba');

    const approved = await finished(ariba, good);
    const [v, ...more] = await verificationsOf(hub, 'ariba:supplier:sup-1001');
    expect(more).toEqual([]);
    expect(v).toMatchObject({ supplier: GOOD.name, country_code: 'GB', registration_id: '09446231' });
    const decision = (await hub.request('GET', `/v1/verifications/${v.verification_id}`)).json.decision;
    expect(approved.state).toBe('Approved');
    expect(approved.actions).toEqual([
      {
        actionName: 'comment',
        user: ARIBA_USER,
        comment: `On hold by KeyBS: verifying ${GOOD.name} (${v.verification_id}). Approved or rejected as soon as the decision arrives.`,
      },
      {
        actionName: 'approve',
        user: ARIBA_USER,
        comment: `Approved by KeyBS. ${GOOD.name} verified by KeyBS (${decision.recommendation}, confidence ${decision.confidence.toFixed(2)}). Report: ${decision.report_url}`,
      },
    ]);
    const denied = await finished(ariba, bad);
    expect(denied.state).toBe('Denied');
    expect(denied.actions.at(-1)?.comment).toMatch(
      /^Rejected by KeyBS: supplier Dissolved Widgets Ltd did not pass verification: KeyBS recommends reject/,
    );
    expect(ariba.requisitions.get(someoneElses)?.actions).toEqual([]);

    // The exact requests: a Basic-auth token, then bearer + apiKey + realm on every API call.
    const token = ariba.calls.find((c) => c.path === '/v2/oauth/token');
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ARIBA_CLIENT_ID}:${ARIBA_CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(token?.body).toBe('grant_type=client_credentials');
    const list = ariba.calls.find((c) => c.path.endsWith('/pendingApprovables'));
    expect(Object.fromEntries(list?.query ?? [])).toEqual({
      realm: ARIBA_REALM,
      user: ARIBA_USER,
      passwordAdapter: 'PasswordAdapter1',
      $top: '100',
      $skip: '0',
    });
    expect(list?.headers.apikey).toBe(ARIBA_API_KEY);
    const patch = ariba.calls.find((c) => c.method === 'PATCH');
    expect(patch?.path).toBe(`/api/approval/v2/prod/requisitions/${good}`);
    expect(JSON.parse(patch?.body ?? '{}')).toMatchObject({
      passwordAdapter: 'PasswordAdapter1',
      visibleToSupplier: false,
    });

    // Still pending in Ariba while held (no hold there): a second poll does not comment again.
    await poll(hub, 'ariba');
    expect(ariba.requisitions.get(good)?.actions).toHaveLength(2);
    await statusWhere(hub, (s) => s.lag === 0 && s.dead_letters === 0);
  });

  it('shows Ariba being down in the schedule and health, and catches up once it is back', async () => {
    const clock = new TestClock();
    const { hub, ariba } = await start({}, clock, { retrySchedule: [60, 600, 1800, 3600] });
    ariba.down = true;
    const id = ariba.addRequisition([GOOD]);
    await poll(hub, 'ariba');
    const s = await statusWhere(hub, (p) => p.health.status === 'degraded');
    expect(s.schedules[0].last_error).toBe(
      'Ariba sign-in failed: Ariba answered 503 to POST /v2/oauth/token: Service Unavailable',
    );
    clock.advance(3_600_000);
    ariba.down = false;
    await poll(hub, 'ariba');
    expect((await finished(ariba, id)).state).toBe('Approved');
    await statusWhere(hub, (p) => p.health.status === 'ok' && p.lag === 0);
  });

  it('refuses to start with a bad Ariba config, naming the plugin and the reason', async () => {
    await expect(startGateHub({ ariba: { apiUrl: 'https://openapi.ariba.com/api/approval/v2/prod' } })).rejects.toThrow(
      /^plugin @keybs\/connector-procurement-gate: invalid config: ariba\.oauthUrl: Invalid input: expected string, received undefined; ariba\.realm: /,
    );
  });
});
