import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestHub, TestClock, type TestHub } from '../../../core/test/helpers/hub.js';
import { CLIENT_ID, CLIENT_SECRET, FakeSalesforce, JWT_USERNAME } from '../../../test/fakes/salesforce.js';

const PLUGIN = '@keybs/connector-salesforce';
let t: TestHub | undefined;
let sf: FakeSalesforce | undefined;
afterEach(async () => {
  await t?.close();
  await sf?.close();
  t = undefined;
  sf = undefined;
});

const accountId = (n: number) => `001${String(n).padStart(12, '0')}AAA`;

async function start(config: Record<string, unknown>, entry: Record<string, unknown> = {}, clock?: TestClock) {
  sf = await FakeSalesforce.start();
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-sf-')), 'keybs.json');
  const plugin = { package: PLUGIN, config: { instanceUrl: sf.url, apiVersion: '62.0', ...config }, ...entry };
  writeFileSync(file, JSON.stringify({ plugins: [plugin] }));
  t = await startTestHub({
    env: { KEYBS_CONFIG: file, KEYBS_RATE_LIMIT_PER_SECOND: '0' },
    ...(clock && { clock }),
  });
  return { hub: t, sf };
}

const TOKEN = { accessToken: '00Dfake!static-token' };

async function order(h: TestHub, n: number, fields: Record<string, unknown> = {}): Promise<string> {
  const r = await h.request('POST', '/v1/verifications', {
    body: {
      supplier: `Supplier ${n} Ltd`,
      country_code: 'GB',
      registration_id: '09446231',
      package: 'basic',
      metadata: { salesforce_account_id: accountId(n) },
      ...fields,
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.verification_id;
}

const status = async (h: TestHub) => (await h.request('GET', '/v1/plugins')).json.data[0];
const statusWhere = (h: TestHub, probe: (s: any) => boolean, ms = 10_000) =>
  eventually(async () => {
    const s = await status(h);
    return probe(s) ? s : undefined;
  }, ms);

describe('Salesforce plugin', () => {
  it('writes the KeyBS fields of the Account named by the order, through sObject Collections', async () => {
    const { hub, sf } = await start(TOKEN);
    sf.seed(accountId(1));
    const id = await order(hub, 1);
    const account = await eventually(async () => {
      const a = sf.accounts.get(accountId(1));
      return a?.KeyBS_Verification_Id__c ? a : undefined;
    });
    const decision = (await hub.request('GET', `/v1/verifications/${id}`)).json.decision;
    expect(account).toEqual({
      Id: accountId(1),
      Name: `Account ${accountId(1)}`,
      Verified_by_KeyBS__c:
        decision.recommendation === 'proceed' || decision.recommendation === 'proceed_with_controls',
      KeyBS_Trust_Score__c: decision.trust_score,
      KeyBS_Risk_Band__c: decision.risk_band,
      KeyBS_Recommendation__c: decision.recommendation,
      KeyBS_Verification_Id__c: id,
      KeyBS_Report_URL__c: decision.report_url,
      KeyBS_Verified_At__c: decision.signed_at,
    });
    const [call] = sf.collectionCalls();
    expect(call?.path).toBe('/services/data/v62.0/composite/sobjects');
    expect(call?.headers.authorization).toBe('Bearer 00Dfake!static-token');
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({
      allOrNone: false,
      records: [{ attributes: { type: 'Account' }, id: accountId(1), KeyBS_Verification_Id__c: id }],
    });
    await statusWhere(hub, (s) => s.state === 'running' && s.lag === 0 && s.health.status === 'ok');
  });

  it('uses an external_ref that is an Account Id, and leaves decisions that name no Account alone', async () => {
    const { hub, sf } = await start(TOKEN);
    sf.seed(accountId(7));
    await order(hub, 7, { metadata: {}, external_ref: accountId(7) });
    await order(hub, 8, { metadata: {}, external_ref: 'SUP-0008' });
    await eventually(async () => (sf.accounts.get(accountId(7))?.KeyBS_Verification_Id__c ? true : undefined));
    await statusWhere(hub, (s) => s.lag === 0 && s.delivered === 2);
    expect(sf.collectionCalls()).toHaveLength(1);
  });

  it('survives Salesforce being down for an hour: every decision is applied afterwards, in batches of ≤ 200', async () => {
    const clock = new TestClock();
    const { hub, sf } = await start(TOKEN, {}, clock);
    const count = 210;
    sf.seed(...Array.from({ length: count }, (_, n) => accountId(n)));
    sf.down = true;
    const ids = [];
    for (let n = 0; n < count; n += 30) {
      ids.push(...(await Promise.all(Array.from({ length: Math.min(30, count - n) }, (_, k) => order(hub, n + k)))));
    }
    await statusWhere(hub, (s) => s.retrying === count && s.health.status === 'down', 20_000);
    // An hour of retries against a dead org (the default schedule: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, …).
    for (let minute = 0; minute < 60; minute += 5) {
      clock.advance(5 * 60_000);
      hub.hub.services.plugins.notify();
      await statusWhere(hub, (s) => s.retrying === count && s.pending === count);
    }
    expect((await status(hub)).dead_letters).toBe(0);
    sf.down = false;
    const duringOutage = sf.collectionCalls().length; // each answered 503
    clock.advance(3 * 3_600_000);
    hub.hub.services.plugins.notify();
    await statusWhere(hub, (s) => s.lag === 0 && s.pending === 0, 20_000);
    expect(ids.every((id, n) => sf.accounts.get(accountId(n))?.KeyBS_Verification_Id__c === id)).toBe(true);
    // Afterwards every decision went out once, in batches of ≤ 200: the due ones in full batches, plus one call
    // per attempt still in flight against the dead org when it came back (at most `concurrency`, 4).
    const sizes = sf
      .collectionCalls()
      .slice(duringOutage)
      .map((c) => JSON.parse(c.body).records.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(count / 200) + 4);
  });

  it('retries REQUEST_LIMIT_EXCEEDED, then applies', async () => {
    const clock = new TestClock();
    const { hub, sf } = await start(TOKEN, {}, clock);
    sf.seed(accountId(2));
    sf.limitExceeded = 1;
    await order(hub, 2);
    const failing = await statusWhere(hub, (s) => s.retrying === 1);
    expect(failing.last_error).toBe('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    clock.advance(10_000);
    hub.hub.services.plugins.notify();
    await eventually(async () => (sf.accounts.get(accountId(2))?.KeyBS_Verification_Id__c ? true : undefined));
  });

  it('dead-letters INVALID_FIELD and ENTITY_IS_DELETED with the reason, and applies the rest of the batch', async () => {
    const { hub, sf } = await start(TOKEN);
    sf.seed(accountId(3), accountId(4));
    sf.deleted.add(accountId(5));
    sf.fields.delete('KeyBS_Risk_Band__c');
    const deleted = await order(hub, 5);
    const dead = await statusWhere(hub, (s) => s.dead_letters === 1);
    expect(dead.recent_dead_letters[0]).toMatchObject({
      verification_id: deleted,
      attempts: 1,
      error: expect.stringMatching(
        /^(ENTITY_IS_DELETED: entity is deleted|INVALID_FIELD: No such column 'KeyBS_Risk_Band__c' on sobject of type Account) \(Account 001000000000005AAA\)$/,
      ),
    });
    const invalid = await order(hub, 3);
    const both = await statusWhere(hub, (s) => s.dead_letters === 2);
    expect(both.recent_dead_letters[0]).toMatchObject({
      verification_id: invalid,
      error:
        "INVALID_FIELD: No such column 'KeyBS_Risk_Band__c' on sobject of type Account (Account 001000000000003AAA)",
    });
    // Once the field exists, a replay applies it.
    sf.fields.add('KeyBS_Risk_Band__c');
    await hub.hub.services.store.plugins.replayDead(PLUGIN, Date.now(), [both.recent_dead_letters[0].event_id]);
    hub.hub.services.plugins.notify();
    await eventually(async () =>
      sf.accounts.get(accountId(3))?.KeyBS_Verification_Id__c === invalid ? true : undefined,
    );
  });

  it('signs in with OAuth 2.0 client credentials, and again when the token expires', async () => {
    const { hub, sf } = await start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    sf.seed(accountId(1), accountId(2));
    await order(hub, 1);
    await eventually(async () => (sf.accounts.get(accountId(1))?.KeyBS_Verification_Id__c ? true : undefined));
    const tokenCalls = () => sf.calls.filter((c) => c.path === '/services/oauth2/token');
    expect(new URLSearchParams(tokenCalls()[0]?.body)).toEqual(
      new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    );
    sf.tokens.clear(); // the session expired
    await order(hub, 2);
    await eventually(async () => (sf.accounts.get(accountId(2))?.KeyBS_Verification_Id__c ? true : undefined));
    expect(tokenCalls()).toHaveLength(2);
  });

  it('signs in with the JWT bearer flow', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { hub, sf } = await start({
      clientId: CLIENT_ID,
      username: JWT_USERNAME,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    sf.jwtPublicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    sf.seed(accountId(1));
    await order(hub, 1);
    await eventually(async () => (sf.accounts.get(accountId(1))?.KeyBS_Verification_Id__c ? true : undefined));
    const grant = new URLSearchParams(sf.calls.find((c) => c.path === '/services/oauth2/token')?.body);
    expect(grant.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
  });

  it('dead-letters when Salesforce refuses the client outright', async () => {
    const { hub, sf } = await start({ clientId: CLIENT_ID, clientSecret: 'wrong' });
    sf.seed(accountId(1));
    await order(hub, 1);
    const dead = await statusWhere(hub, (s) => s.dead_letters === 1);
    expect(dead.recent_dead_letters[0].error).toBe(
      'Salesforce sign-in failed (invalid_client: invalid client credentials)',
    );
  });

  it('refuses to start without a way to sign in, naming the plugin', async () => {
    await expect(start({})).rejects.toThrow(
      /^plugin @keybs\/connector-salesforce: invalid config: \(config\): give exactly one way to sign in/,
    );
    await expect(start({ instanceUrl: 'not a url', ...TOKEN })).rejects.toThrow(
      /invalid config: instanceUrl: Invalid URL/,
    );
  });
});
