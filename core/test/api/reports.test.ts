import { createHash } from 'node:crypto';
import { verifyReport } from '@keybs/contract';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, expectError, ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

async function decided(body: Record<string, unknown> = BASIC_GB): Promise<string> {
  const id = (await t.request('POST', '/v1/verifications', { body })).json.verification_id as string;
  await eventually(async () => {
    const v = await t.request('GET', `/v1/verifications/${id}`);
    if (v.json.status === 'in_review') await t.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
    return v.json.status === 'completed' ? true : undefined;
  });
  return id;
}

async function pdfOf(id: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${t.url}/v1/verifications/${id}/report`, {
    headers: { authorization: `Bearer ${t.testKey}`, accept: 'application/pdf' },
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const jwks = async () => (await fetch(`${t.url}/.well-known/jwks.json`)).json();

describe('GET /v1/verifications/:id/report', () => {
  it('is 409 report_not_ready before the decision, 404 for an unknown id or the other environment', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = r.json.verification_id as string;
    await eventually(async () =>
      (await t.request('GET', `/v1/verifications/${id}`)).json.status === 'in_review' ? true : undefined,
    );
    expectError(await t.request('GET', `/v1/verifications/${id}/report`), 409, 'report_not_ready');
    expectError(await t.request('GET', '/v1/verifications/KBS-VR-2026-999999/report'), 404, 'resource_not_found');
    const done = await decided();
    expectError(
      await t.request('GET', `/v1/verifications/${done}/report`, { key: t.liveKey }),
      404,
      'resource_not_found',
    );
  });

  it('signs the dossier with EdDSA; a stock JOSE library verifies it against the published JWKS', async () => {
    const id = await decided();
    const r = await t.request('GET', `/v1/verifications/${id}/report`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['dossier', 'jws']);
    const header = decodeProtectedHeader(r.json.jws);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'keybs-report+jws', kid: expect.any(String) });
    const keys = await jwks();
    expect(keys.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(keys.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys.keys[0]).not.toHaveProperty('d');
    const { payload } = await compactVerify(r.json.jws, createLocalJWKSet(keys));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(r.json.dossier);
    const v = await t.request('GET', `/v1/verifications/${id}`);
    expect(r.json.dossier).toMatchObject({
      object: 'verification_report',
      verification_id: id,
      livemode: false,
      decision: v.json.decision,
      signing: { alg: 'EdDSA', kid: header.kid },
      supplier: { name: BASIC_GB.supplier, country_code: 'GB', registration_id: BASIC_GB.registration_id },
    });
    // Every check with its evidence, and the timeline from the event log.
    expect(r.json.dossier.checks.map((c: { type: string }) => c.type)).toEqual(
      v.json.checks.map((c: { type: string }) => c.type),
    );
    expect(r.json.dossier.checks.find((c: { type: string }) => c.type === 'registry').findings).toEqual(
      v.json.checks.find((c: { type: string }) => c.type === 'registry').findings,
    );
    expect(r.json.dossier.timeline.map((e: { status: string }) => e.status)).toEqual([
      'in_progress',
      'completed',
      'completed',
    ]);
  });

  it('gives the PDF with Accept: application/pdf, whose SHA-256 is the signed pdf_sha256, byte-stable', async () => {
    const id = await decided();
    const json = await t.request('GET', `/v1/verifications/${id}/report`);
    const pdf = await pdfOf(id);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(json.json.dossier.pdf_sha256);
    const again = await pdfOf(id);
    expect(again.bytes.equals(pdf.bytes)).toBe(true);
    expect((await t.request('GET', `/v1/verifications/${id}/report`)).text).toBe(json.text);
    const byQuery = await t.request('GET', `/v1/verifications/${id}/report?format=pdf`);
    expect(byQuery.headers.get('content-type')).toBe('application/pdf');
  });

  it('the PDF reads as a report: supplier, decision, each check, the review, and how to verify', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: { ...ORDER, external_ref: 'PO-77' } });
    const id = r.json.verification_id as string;
    await eventually(async () =>
      (await t.request('GET', `/v1/verifications/${id}`)).json.status === 'in_review' ? true : undefined,
    );
    const decide = await t.request('POST', `/v1/reviews/${id}/decide`, {
      body: { analyst: 'Ada Okafor', recommendation: 'proceed_with_controls', notes: 'Certificate checked by phone.' },
    });
    expect(decide.status).toBe(200);
    const report = (await t.request('GET', `/v1/verifications/${id}/report`)).json;
    const { bytes } = await pdfOf(id);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    for (const expected of [
      id,
      'Meridian Components Sdn. Bhd.',
      'TEST MODE',
      report.dossier.decision.recommendation.replaceAll('_', ' ').toUpperCase(),
      'registry:',
      'sanctions:',
      'decided by Ada Okafor: "Certificate checked by phone."',
      report.dossier.signing.kid,
      'keybs verify-report',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('issues the report right after the decision, before anyone asks', async () => {
    const id = await decided();
    const stored = await eventually(async () => (await t.hub.services.store.reports.get(false, id)) ?? undefined);
    expect(stored.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifying a report', () => {
  it('names the part that was tampered with: dossier, PDF, signature, or a JWKS without the kid', async () => {
    const id = await decided();
    const report = (await t.request('GET', `/v1/verifications/${id}/report`)).json;
    const { bytes } = await pdfOf(id);
    const keys = await jwks();
    expect(await verifyReport(report, keys, bytes)).toMatchObject({ valid: true, problems: [] });

    const edited = structuredClone(report);
    edited.dossier.decision.trust_score = 99;
    expect((await verifyReport(edited, keys)).problems).toEqual([
      'dossier: differs from the signed payload at decision.trust_score',
    ]);

    const pdf = Buffer.from(bytes);
    pdf[pdf.length - 20] ^= 1;
    expect((await verifyReport(report, keys, pdf)).problems[0]).toMatch(
      /^pdf: its SHA-256 [0-9a-f]{64} is not the signed/,
    );

    const [h, p, s] = report.jws.split('.');
    const forged = `${h}.${p}.${s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`}`;
    expect((await verifyReport({ ...report, jws: forged }, keys)).problems[0]).toMatch(
      /^signature: the JWS does not verify/,
    );

    expect((await verifyReport(report, { keys: [] })).problems).toEqual([
      `jwks: no key with kid ${report.dossier.signing.kid} (keys: none)`,
    ]);
  });

  it('keeps verifying old reports after a key rotation; new ones carry the new kid', async () => {
    const before = await decided();
    const old = (await t.request('GET', `/v1/verifications/${before}/report`)).json;
    const kid = await t.hub.services.signingKeys.rotate();
    const after = await decided();
    const fresh = (await t.request('GET', `/v1/verifications/${after}/report`)).json;
    expect(decodeProtectedHeader(fresh.jws).kid).toBe(kid);
    expect(decodeProtectedHeader(old.jws).kid).not.toBe(kid);
    const keys = await (await fetch(`${t.url}/v1/signing-keys`)).json();
    expect((await verifyReport(old, keys)).valid).toBe(true);
    expect((await verifyReport(fresh, keys)).valid).toBe(true);
  });
});

describe('the public trust profile', () => {
  it('shows the minimum, with a TEST banner in test mode and nothing private', async () => {
    const id = await decided({ ...BASIC_GB, external_ref: 'PO-SECRET-1', metadata: { cost_center: 'CC-42' } });
    const v = (await t.request('GET', `/v1/verifications/${id}`)).json;
    expect(v.decision.report_url).toBe(`${t.url}/profile/${id}`);
    const res = await fetch(v.decision.report_url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('Northwind Traders Ltd');
    expect(html).toContain('Verified by KeyBS');
    expect(html).toContain('TEST MODE');
    for (const secret of ['PO-SECRET-1', 'CC-42', BASIC_GB.registration_id, 'trust_score'])
      expect(html).not.toContain(secret);
  });

  it('has a signed JSON variant that verifies against the JWKS', async () => {
    const id = await decided();
    const res = await fetch(`${t.url}/profile/${id}`, { headers: { accept: 'application/json' } });
    const profile = await res.json();
    expect(profile).toMatchObject({
      object: 'trust_profile',
      verification_id: id,
      status: 'verified',
      livemode: false,
      verified_by: 'KeyBS',
    });
    const { jws, ...unsigned } = profile;
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(await jwks()));
    expect(protectedHeader.typ).toBe('keybs-profile+jws');
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsigned);
  });

  it('answers 404 for a verification without a decision or an unknown id', async () => {
    const r = await t.request('POST', '/v1/verifications', { body: ORDER });
    const pending = await fetch(`${t.url}/profile/${r.json.verification_id}`);
    expect(pending.status).toBe(404);
    expect(await pending.text()).toContain('No trust profile');
    const json = await fetch(`${t.url}/profile/KBS-VR-2026-999999?format=json`);
    expect(json.status).toBe(404);
    expect((await json.json()).error.code).toBe('resource_not_found');
  });
});
