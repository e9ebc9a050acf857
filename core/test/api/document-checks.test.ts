import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, eventually, ORDER, type Reply, startTestHub, type TestHub } from '../helpers/hub.js';
import { pdfWithText } from '../helpers/pdf.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

async function upload(verificationId: string, type: string, data: Buffer, filename = 'file.pdf'): Promise<Reply> {
  const form = new FormData();
  form.set('type', type);
  form.set('file', new Blob([data], { type: 'application/pdf' }), filename);
  const res = await fetch(`${t.url}/v1/verifications/${verificationId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.testKey}` },
    body: form,
  });
  return { status: res.status, headers: res.headers, text: '', json: await res.json() };
}

async function order(body: Record<string, unknown>, until: string): Promise<string> {
  const r = await t.request('POST', '/v1/verifications', { body });
  const id = r.json.verification_id as string;
  await eventually(async () =>
    (await t.request('GET', `/v1/verifications/${id}`)).json.status === until ? 1 : undefined,
  );
  return id;
}

const certificate = (name: string, number: string, date: string) =>
  pdfWithText([
    'COMPANIES COMMISSION OF MALAYSIA',
    'Certificate of Incorporation of Private Company',
    `This is to certify that ${name}`,
    `Company No. ${number}`,
    `is on and from ${date} incorporated under the Companies Act 2016.`,
  ]);

describe('document content checks', () => {
  it('reads the text of a PDF and scores a certificate naming the supplier and its number 1', async () => {
    const id = await order(BASIC_GB, 'completed');
    const pdf = await certificate('NORTHWIND TRADERS LIMITED', '09446231', '3 February 2015');
    const r = await upload(id, 'certificate_of_incorporation', pdf);
    expect(r.status).toBe(201);
    expect(r.json.checks).toEqual({
      text: 'extracted',
      names_supplier: true,
      names_registration_id: true,
      dates_found: 1,
      implausible_dates: [],
      score: 1,
      reasons: [],
    });
  });

  it('says what is wrong with a certificate of another company dated on a day that does not exist', async () => {
    const id = await order(BASIC_GB, 'completed');
    const pdf = await certificate('ACME HOLDINGS LIMITED', '01234567', '30 February 2019');
    const r = await upload(id, 'certificate_of_incorporation', pdf);
    expect(r.json.checks).toMatchObject({
      text: 'extracted',
      names_supplier: false,
      names_registration_id: false,
      implausible_dates: ['30 February 2019'],
      score: 0,
    });
  });

  it('marks a PDF that cannot be parsed unreadable, and keeps it for the analyst', async () => {
    const id = await order(BASIC_GB, 'completed');
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x41)]);
    const r = await upload(id, 'other', broken);
    expect(r.status).toBe(201);
    expect(r.json.checks).toMatchObject({ text: 'unreadable', score: null });
  });

  it('feeds the decision: a mismatching document sends the review reasons and document_score along', async () => {
    const id = await order(ORDER, 'in_review');
    const good = await certificate('MERIDIAN COMPONENTS SDN. BHD.', '1287654-K', '14 May 2018');
    const bad = await pdfWithText(['Tenancy agreement', 'Tenant: Orchid Logistics Sdn Bhd', 'Dated 1 March 2021']);
    expect((await upload(id, 'certificate_of_incorporation', good)).json.checks.score).toBe(1);
    expect((await upload(id, 'proof_of_address', bad)).json.checks.score).toBe(0);

    const reviews = await t.request('GET', '/v1/reviews?state=open&limit=100');
    const review = reviews.json.data.find((x: { id: string }) => x.id === id);
    // The mean of 1 and 0 is 0.5: not below the review threshold, so only the package's own reason shows.
    expect(review.reasons).toEqual(['enhanced package']);

    const decided = await t.request('POST', `/v1/reviews/${id}/decide`, {
      body: { analyst: 'A. Okafor', recommendation: 'proceed_with_controls', notes: 'Address proof to follow.' },
    });
    expect(decided.status).toBe(200);
    expect(decided.json.decision.document_score).toBe(0.5);
  });

  it('sends a verification whose documents contradict the order to review with that reason', async () => {
    const id = await order(ORDER, 'in_review');
    const other = await certificate('ORCHID LOGISTICS SDN. BHD.', '202001012345', '2 June 2020');
    await upload(id, 'certificate_of_incorporation', other);
    const reviews = await t.request('GET', '/v1/reviews?state=open&limit=100');
    const review = reviews.json.data.find((x: { id: string }) => x.id === id);
    expect(review.reasons).toEqual(['enhanced package', 'documents do not support the order']);
    const advanced = await t.request('POST', `/v1/test_helpers/verifications/${id}/advance`);
    // Neither the name nor the number matches; only its plausible date counts (0.2 of 1).
    expect(advanced.json.decision.document_score).toBe(0.2);
  });

  it('leaves document_score null without documents', async () => {
    const id = await order(BASIC_GB, 'completed');
    expect((await t.request('GET', `/v1/verifications/${id}`)).json.decision.document_score).toBeNull();
  });
});
