import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, ORDER, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { type InstalledPackage, installPackage } from './engine.js';
import { type Credentials, keyBsWorkflow, runWorkflow } from './run.js';

// The KeyBS node run by n8n's WorkflowExecute against a real hub (real SQLite, real HTTP).

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

const json = (items: Array<{ json: any }> | undefined) => (items ?? []).map((i) => i.json);
const orderParams = (extra: Record<string, unknown> = {}) => ({
  resource: 'verification',
  operation: 'order',
  supplier: '={{ $json.supplier }}',
  countryCode: '={{ $json.country_code }}',
  registrationId: '={{ $json.registration_id }}',
  package: '={{ $json.package }}',
  ...extra,
});
const count = async (ref: string) =>
  (await hub.request('GET', `/v1/verifications?external_ref=${ref}&limit=100`)).json.data.length;

describe('order', () => {
  it('orders one verification per item and returns what the hub answered', async () => {
    const ref = `po-${randomUUID()}`;
    const params = orderParams({
      additionalFields: { externalRef: ref, metadata: { entries: [{ key: 'k', value: 'v' }] } },
    });
    const { outputs, error } = await runWorkflow(pkg, creds, keyBsWorkflow(params, [ORDER, BASIC_GB]));
    expect(error).toBeUndefined();
    const [seed, basic] = json(outputs[0]);
    expect(seed).toMatchObject({ status: 'in_progress', country_tier: 2, estimated_sla: 'PT6H', external_ref: ref });
    expect(seed.verification_id).toMatch(/^KBS-VR-\d{4}-\d{6,}$/);
    expect(seed.metadata).toEqual({ k: 'v' });
    expect(basic).toMatchObject({ supplier: BASIC_GB.supplier, package: 'basic' });
    expect(basic.verification_id).not.toBe(seed.verification_id);
    expect(await count(ref)).toBe(2);
  });

  it('sends an Idempotency-Key per item: the same execution, node run and item never orders twice', async () => {
    const ref = `po-${randomUUID()}`;
    const wf = keyBsWorkflow(orderParams({ additionalFields: { externalRef: ref } }), [ORDER, BASIC_GB]);
    const executionId = randomUUID();
    const first = await runWorkflow(pkg, creds, wf, { executionId });
    const again = await runWorkflow(pkg, creds, wf, { executionId });
    const ids = (r: typeof first) => json(r.outputs[0]).map((v) => v.verification_id);
    expect(ids(again)).toEqual(ids(first));
    expect(await count(ref)).toBe(2);
    const other = await runWorkflow(pkg, creds, wf);
    expect(ids(other)).not.toEqual(ids(first));
    expect(await count(ref)).toBe(4);
  });

  it('uses an explicit Idempotency Key, and surfaces the hub refusing its reuse for another body', async () => {
    const key = `supplier-${randomUUID()}`;
    const params = orderParams({ additionalFields: { idempotencyKey: key } });
    const first = await runWorkflow(pkg, creds, keyBsWorkflow(params, [ORDER]));
    const replay = await runWorkflow(pkg, creds, keyBsWorkflow(params, [ORDER]));
    expect(json(replay.outputs[0])[0].verification_id).toBe(json(first.outputs[0])[0].verification_id);
    const reused = await runWorkflow(pkg, creds, keyBsWorkflow(params, [BASIC_GB]));
    expect(reused.error.httpCode).toBe('422');
    expect(reused.error.description).toContain('code: idempotency_key_reused');
  });

  it("stops on the hub's validation error with its message, code and param, or passes it on per item", async () => {
    const bad = { ...ORDER, country_code: 'XX' };
    const direct = await hub.request('POST', '/v1/verifications', { body: bad });
    const stopped = await runWorkflow(pkg, creds, keyBsWorkflow(orderParams(), [bad]));
    expect(stopped.error.name).toBe('NodeApiError');
    expect(stopped.error.message).toBe(direct.json.error.message);
    const code = direct.json.error.code;
    expect(code).toBe('country_not_covered');
    expect(stopped.error.description).toMatch(new RegExp(`^code: ${code} · param: country_code · request: req_`));
    expect(stopped.error.context).toMatchObject({ code, itemIndex: 0 });
    expect(stopped.error.httpCode).toBe(String(direct.status));

    const wf = keyBsWorkflow(orderParams(), [ORDER, bad], { continueOnFail: true });
    const { outputs, error } = await runWorkflow(pkg, creds, wf);
    expect(error).toBeUndefined();
    const [ok, failed] = outputs[0] ?? [];
    expect(ok?.json.status).toBe('in_progress');
    expect(failed).toMatchObject({
      json: { error: direct.json.error.message, code, status: direct.status },
      pairedItem: { item: 1 },
    });
  });
});

describe('get, get many and get report', () => {
  it('gets a verification by the id in each item; an unknown one fails that item only under Continue On Fail', async () => {
    const created = (await hub.request('POST', '/v1/verifications', { body: ORDER })).json;
    const wf = keyBsWorkflow(
      { resource: 'verification', operation: 'get' },
      [created, { verification_id: 'KBS-VR-2026-999999' }],
      {
        continueOnFail: true,
      },
    );
    const { outputs } = await runWorkflow(pkg, creds, wf);
    const [found, missing] = json(outputs[0]);
    expect(found).toMatchObject({ verification_id: created.verification_id, object: 'verification', decision: null });
    const direct = await hub.request('GET', '/v1/verifications/KBS-VR-2026-999999');
    expect(missing).toMatchObject({ error: direct.json.error.message, code: 'resource_not_found', status: 404 });
  });

  it('lists newest first with filters, up to the limit or page after page', async () => {
    const ref = `list-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await hub.request('POST', '/v1/verifications', { body: { ...ORDER, external_ref: ref } })).json
          .verification_id,
      );
    }
    const params = { resource: 'verification', operation: 'list', filters: { external_ref: ref } };
    const limited = await runWorkflow(pkg, creds, keyBsWorkflow({ ...params, returnAll: false, limit: 3 }, [{}]));
    expect(json(limited.outputs[0]).map((v) => v.verification_id)).toEqual(ids.slice(2).reverse());
    const all = await runWorkflow(pkg, creds, keyBsWorkflow({ ...params, returnAll: true }, [{}]));
    expect(json(all.outputs[0]).map((v) => v.verification_id)).toEqual([...ids].reverse());
  });

  it('surfaces 409 report_not_ready before the decision', async () => {
    const id = (await hub.request('POST', '/v1/verifications', { body: ORDER })).json.verification_id;
    const report = { resource: 'verification', operation: 'getReport', verificationId: id, format: 'json' };
    const { error } = await runWorkflow(pkg, creds, keyBsWorkflow(report, [{}]));
    expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '409', context: { code: 'report_not_ready' } });
  });

  it('gets the signed report as JSON and as a PDF whose SHA-256 the dossier states', async () => {
    const id = (await hub.request('POST', '/v1/verifications', { body: BASIC_GB })).json.verification_id;
    const report = { resource: 'verification', operation: 'getReport', verificationId: id };
    await eventually(async () => {
      const v = (await hub.request('GET', `/v1/verifications/${id}`)).json;
      return v.status === 'completed' ? v : undefined;
    }, 10_000);

    const asJson = await runWorkflow(pkg, creds, keyBsWorkflow({ ...report, format: 'json' }, [{}]));
    const [signed] = json(asJson.outputs[0]);
    expect(signed.jws.split('.')).toHaveLength(3);
    expect(signed.dossier.decision.verification_id).toBe(id);

    const asPdf = await runWorkflow(
      pkg,
      creds,
      keyBsWorkflow({ ...report, format: 'pdf', binaryPropertyName: 'report' }, [{}]),
    );
    const [pdfItem] = asPdf.outputs[0] ?? [];
    expect(pdfItem?.binary.report).toMatchObject({ mimeType: 'application/pdf', fileName: `${id}.pdf` });
    // n8n keeps small binary data inline, base64-encoded, in the item.
    const bytes = Buffer.from(pdfItem?.binary.report.data, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(signed.dossier.pdf_sha256);
  });
});

describe('coverage', () => {
  it('lists the 217 jurisdictions, or only the tiers chosen', async () => {
    const all = await runWorkflow(pkg, creds, keyBsWorkflow({ resource: 'coverage', operation: 'list' }, [{}]));
    expect(json(all.outputs[0])).toHaveLength(217);
    expect(json(all.outputs[0]).find((row) => row.country_code === 'MY')).toMatchObject({ tier: 2 });
    const tier1 = await runWorkflow(
      pkg,
      creds,
      keyBsWorkflow({ resource: 'coverage', operation: 'list', tiers: [1] }, [{}]),
    );
    const rows = json(tier1.outputs[0]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(217);
    expect(new Set(rows.map((row) => row.tier))).toEqual(new Set([1]));
  });

  it('fails with the hub message when the key lacks the coverage:read scope', async () => {
    const key = await hub.key('test', ['verifications:read']);
    const { error } = await runWorkflow(
      pkg,
      { ...creds, apiKey: key },
      keyBsWorkflow({ resource: 'coverage', operation: 'list' }, [{}]),
    );
    const direct = await hub.request('GET', '/v1/coverage', { key });
    expect(error.message).toBe(direct.json.error.message);
    expect(error.context.code).toBe('insufficient_scope');
    expect(error.httpCode).toBe('403');
  });
});
