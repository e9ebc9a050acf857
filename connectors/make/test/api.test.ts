import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, ORDER, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { headerOf, Receiver } from '../../../core/test/helpers/receiver.js';
import type { ModuleDefinition } from '../src/components.js';
import { base, connection, modules, rpcs, webhook } from '../src/components.js';
import { execute, interfaceProblems, MakeRequestError, type Sent } from './execute.js';
import { evaluate } from './iml.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const conn = () => ({ apiKey: hub.testKey, baseUrl: hub.url });

function module(id: string): ModuleDefinition {
  const m = modules[id];
  if (!m) throw new Error(`no module ${id}`);
  return m;
}

/** Runs a module with these parameters and checks every bundle against the module's interface. */
async function run(id: string, parameters: Record<string, unknown>, sent: Sent[] = []): Promise<any[]> {
  const m = module(id);
  if (!m.communication) throw new Error(`${id} makes no request`);
  const bundles = await execute(m.communication, { connection: conn(), parameters }, base, sent);
  for (const bundle of bundles) expect(interfaceProblems(bundle, m.interface)).toEqual([]);
  return bundles;
}

async function failure(promise: Promise<unknown>): Promise<MakeRequestError> {
  const error = await promise.then(
    () => expect.unreachable('expected an error'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MakeRequestError);
  return error as MakeRequestError;
}

describe('the connection', () => {
  it('passes its test call with a valid key', async () => {
    const [out] = await execute(connection.communication, { parameters: conn() });
    expect(out).toMatchObject({ data: expect.any(Array), has_more: expect.any(Boolean) });
  });

  it("fails with the hub's code and message for a wrong key", async () => {
    const parameters = { ...conn(), apiKey: 'sk_test_00000000000000000000000000000000' };
    const error = await failure(execute(connection.communication, { parameters }));
    expect(error.message).toBe('[401] api_key_invalid: The API key is not valid.');
  });
});

describe('the modules against a real hub', () => {
  it('fills the country select from GET /v1/coverage', async () => {
    const options: any[] = await execute(rpcs.listCountries.communication, { connection: conn() }, base);
    expect(options.length).toBe((await hub.request('GET', '/v1/coverage')).json.count);
    expect(options).toContainEqual({ label: 'Malaysia (MY)', value: 'MY' });
  });

  it('orders a verification with every field and maps the answer to the interface', async () => {
    const sent: Sent[] = [];
    const [v] = await run(
      'orderVerification',
      {
        ...ORDER,
        external_ref: 'SUP-make-1',
        metadata: [{ key: 'crm_id', value: '42' }],
        beneficiaries: [{ name: 'Aisha Rahman', ownership_pct: 60 }],
        idempotency_key: 'make-row-1',
      },
      sent,
    );
    expect(sent[0]?.headers).toMatchObject({ Authorization: `Bearer ${hub.testKey}`, 'Idempotency-Key': 'make-row-1' });
    expect(v).toMatchObject({
      status: 'in_progress',
      country_tier: 2,
      estimated_sla: 'PT6H',
      external_ref: 'SUP-make-1',
    });
    const stored = (await hub.request('GET', `/v1/verifications/${v.verification_id}`)).json;
    expect(stored).toMatchObject({
      metadata: { crm_id: '42' },
      beneficiaries: [{ name: 'Aisha Rahman', ownership_pct: 60 }],
    });

    const [again] = await run('orderVerification', {
      ...ORDER,
      external_ref: 'SUP-make-1',
      metadata: [{ key: 'crm_id', value: '42' }],
      beneficiaries: [{ name: 'Aisha Rahman', ownership_pct: 60 }],
      idempotency_key: 'make-row-1',
    });
    expect(again.verification_id).toBe(v.verification_id);
  });

  it('sends only the fields the user filled in (no idempotency key header when none is mapped)', async () => {
    const sent: Sent[] = [];
    await run('orderVerification', { ...BASIC_GB }, sent);
    expect(JSON.parse(sent[0]?.body ?? '{}')).toEqual({ ...BASIC_GB });
    expect(sent[0]?.headers['Idempotency-Key']).toBeUndefined();
  });

  it("shows the hub's validation error", async () => {
    const error = await failure(run('orderVerification', { ...BASIC_GB, registration_id: 'ABCDEFGHIJ' }));
    expect(error.message).toMatch(/^\[422\] invalid_registration_id: /);
  });

  it('gets a verification, and names the error for an unknown one', async () => {
    const created = (await hub.request('POST', '/v1/verifications', { body: BASIC_GB })).json;
    const [v] = await run('getVerification', { verification_id: created.verification_id });
    expect(v).toMatchObject({ verification_id: created.verification_id, supplier: BASIC_GB.supplier });
    const error = await failure(run('getVerification', { verification_id: 'KBS-VR-2026-999999' }));
    expect(error.message).toMatch(/^\[404\] resource_not_found: /);
  });

  it('searches by external reference, newest first, up to the limit', async () => {
    for (const supplier of ['First Search Ltd', 'Second Search Ltd', 'Third Search Ltd']) {
      await hub.request('POST', '/v1/verifications', {
        body: { ...BASIC_GB, supplier, external_ref: 'SUP-make-search' },
      });
    }
    const found = await run('searchVerifications', { external_ref: 'SUP-make-search', limit: 2 });
    expect(found.map((v) => v.supplier)).toEqual(['Third Search Ltd', 'Second Search Ltd']);
  });
});

describe('the instant trigger', () => {
  it('attaches a hub webhook for the scenario, receives events, and detaches it', async () => {
    const make = await Receiver.start(); // stands in for hook.make.com
    try {
      const scope = {
        connection: conn(),
        webhook: { url: `${make.url}/hook/abc` },
        parameters: { events: ['status_changed', 'decision_issued'] },
      };
      const [data]: any[] = await execute(webhook.attach, scope, base);
      expect(data).toEqual({ externalHookId: expect.stringMatching(/^we_/), secret: expect.stringMatching(/^whsec_/) });
      const endpoint = (await hub.request('GET', `/v1/webhooks/${data.externalHookId}`)).json;
      expect(endpoint).toMatchObject({ url: `${make.url}/hook/abc`, events: ['status_changed', 'decision_issued'] });

      const ordered = (await hub.request('POST', '/v1/verifications', { body: BASIC_GB })).json;
      const [change, decision] = await Promise.all(
        ['verification.status_changed', 'verification.completed'].map((event) =>
          make.waitFor(
            (rs) => rs.find((r) => headerOf(r, 'x-keybs-event') === event && r.body.includes(ordered.verification_id)),
            15_000,
          ),
        ),
      );
      const trigger = module('watchEvents');
      for (const delivery of [change, decision]) {
        const bundle = evaluate(webhook.communication.output, { body: JSON.parse(delivery?.body ?? '{}') });
        expect(interfaceProblems(bundle, trigger.interface)).toEqual([]);
        expect(bundle).toMatchObject({ verification_id: ordered.verification_id });
      }

      await execute(webhook.detach, { connection: conn(), webhook: data }, base);
      expect((await hub.request('GET', `/v1/webhooks/${data.externalHookId}`)).status).toBe(404);
    } finally {
      await make.close();
    }
  });
});
