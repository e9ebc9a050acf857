import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, expectError, ORDER, type Reply, startTestHub, TestClock, type TestHub } from '../helpers/hub.js';
import { documentFileMode, storedDocuments } from '../helpers/stored-documents.js';

const DAY_MS = 86_400_000;

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
);
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A JFIF header and end-of-image marker: enough for its signature. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
]);

let t: TestHub;
const clock = new TestClock();
beforeAll(async () => {
  t = await startTestHub({ clock });
});
afterAll(() => t.close());

interface Part {
  data?: Buffer;
  filename?: string;
  declared?: string;
  type?: string;
}

async function upload(verificationId: string, part: Part, key = t.testKey): Promise<Reply> {
  const form = new FormData();
  if (part.type !== undefined) form.set('type', part.type);
  if (part.data) {
    form.set('file', new Blob([part.data], { type: part.declared ?? 'application/octet-stream' }), part.filename);
  }
  const res = await fetch(`${t.url}/v1/verifications/${verificationId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function newVerification(): Promise<string> {
  const r = await t.request('POST', '/v1/verifications', { body: BASIC_GB });
  expect(r.status).toBe(201);
  return r.json.verification_id as string;
}

const documentFiles = async () => [...(await storedDocuments(t)).keys()];

describe('uploading documents', () => {
  it.each([
    ['certificate.pdf', PDF, 'application/pdf', 'certificate_of_incorporation'],
    ['address.png', PNG, 'image/png', 'proof_of_address'],
    ['owners.jpg', JPEG, 'image/jpeg', 'ownership_structure'],
  ])('stores %s encrypted and gives it back byte for byte', async (filename, data, contentType, type) => {
    const id = await newVerification();
    const r = await upload(id, { data, filename, type });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      id: expect.stringMatching(/^doc_[0-9A-Za-z]{16}$/),
      object: 'document',
      verification_id: id,
      type,
      filename,
      content_type: contentType,
      size: data.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      duplicate_of: null,
      checks: expect.objectContaining({ text: expect.any(String) }),
      created_at: expect.stringMatching(/Z$/),
      purged_at: null,
    });
    const docId = r.json.id as string;

    const meta = await t.request('GET', `/v1/verifications/${id}/documents/${docId}`);
    expect(meta.json).toEqual(r.json);
    const list = await t.request('GET', `/v1/verifications/${id}/documents`);
    expect(list.json).toEqual({ data: [r.json] });

    const res = await fetch(`${t.url}/v1/verifications/${id}/documents/${docId}/content`, {
      headers: { authorization: `Bearer ${t.testKey}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(data);

    const stored = (await storedDocuments(t)).get(docId);
    expect(stored?.includes(data)).toBe(false);
    expect(stored?.length).toBeGreaterThan(data.length);
    expect(documentFileMode(t, docId) ?? 0o600).toBe(0o600);
  });

  it('marks a second upload of the same content as a duplicate of the first', async () => {
    const id = await newVerification();
    const first = await upload(id, { data: PDF, filename: 'a.pdf', type: 'other' });
    const second = await upload(id, { data: PDF, filename: 'b.pdf', type: 'other' });
    expect(second.status).toBe(201);
    expect(second.json.duplicate_of).toBe(first.json.id);
    expect(second.json.sha256).toBe(first.json.sha256);
    const otherId = await newVerification();
    const other = await upload(otherId, { data: PDF, filename: 'a.pdf', type: 'other' });
    expect(other.json.duplicate_of).toBeNull();
    // The same file for another supplier is a warning sign of its own: it scores nothing.
    expect(other.json.checks.score).toBe(0);
    expect(other.json.checks.reasons).toEqual([
      expect.stringMatching(/^the same file was submitted for verification KBS-VR-/),
    ]);
  });
});

describe('refused uploads', () => {
  it('refuses a text file and an executable disguised as a PDF with 415', async () => {
    const id = await newVerification();
    expectError(
      await upload(id, { data: Buffer.from('hello'), filename: 'notes.txt', type: 'other' }),
      415,
      'unsupported_media_type',
    );
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(64)]);
    const r = await upload(id, { data: exe, filename: 'invoice.pdf', declared: 'application/pdf', type: 'other' });
    expectError(r, 415, 'unsupported_media_type');
    expect((await t.request('GET', `/v1/verifications/${id}/documents`)).json).toEqual({ data: [] });
  });

  it('refuses a JSON body with 415', async () => {
    const id = await newVerification();
    const r = await t.request('POST', `/v1/verifications/${id}/documents`, { body: { type: 'other' } });
    expectError(r, 415, 'unsupported_media_type');
  });

  it('refuses a file over 20 MB with 413 and stores nothing', async () => {
    const id = await newVerification();
    const before = (await documentFiles()).length;
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
    PDF.copy(big);
    expectError(await upload(id, { data: big, filename: 'big.pdf', type: 'other' }), 413, 'body_too_large');
    expect((await documentFiles()).length).toBe(before);
    expect((await t.request('GET', `/v1/verifications/${id}/documents`)).json).toEqual({ data: [] });
  });

  it('answers 422 without a file part or with an unknown type', async () => {
    const id = await newVerification();
    expectError(await upload(id, { type: 'other' }), 422, 'validation_failed', undefined, 'file');
    expectError(
      await upload(id, { data: PDF, filename: 'a.pdf', type: 'passport' }),
      422,
      'validation_failed',
      undefined,
      'type',
    );
  });

  it('answers 404 for a verification of the other environment or none', async () => {
    const id = await newVerification();
    expectError(
      await upload(id, { data: PDF, filename: 'a.pdf', type: 'other' }, t.liveKey),
      404,
      'resource_not_found',
    );
    expectError(
      await upload('KBS-VR-2020-999999', { data: PDF, filename: 'a.pdf', type: 'other' }),
      404,
      'resource_not_found',
    );
    const doc = await upload(id, { data: PDF, filename: 'a.pdf', type: 'other' });
    const live = await t.request('GET', `/v1/verifications/${id}/documents/${doc.json.id}`, { key: t.liveKey });
    expectError(live, 404, 'resource_not_found');
    expectError(await t.request('GET', `/v1/verifications/${id}/documents/doc_unknown`), 404, 'resource_not_found');
  });
});

describe('retention', () => {
  it('purges the content 90 days after the decision; the metadata stays', async () => {
    const id = await newVerification();
    const doc = await upload(id, { data: PDF, filename: 'a.pdf', type: 'other' });
    const docId = doc.json.id as string;
    expect((await t.request('POST', `/v1/test_helpers/verifications/${id}/advance`)).status).toBe(200);
    const documents = t.hub.services.documents;
    clock.advance(89 * DAY_MS);
    expect(await documents.purgeDocuments(clock.now(), 90 * DAY_MS)).toBe(0);
    clock.advance(2 * DAY_MS);
    expect(await documents.purgeDocuments(clock.now(), 90 * DAY_MS)).toBeGreaterThanOrEqual(1);
    expect(await documents.purgeDocuments(clock.now(), 90 * DAY_MS)).toBe(0);

    expectError(await t.request('GET', `/v1/verifications/${id}/documents/${docId}/content`), 410, 'document_purged');
    const meta = await t.request('GET', `/v1/verifications/${id}/documents/${docId}`);
    expect(meta.json.purged_at).toMatch(/Z$/);
    expect(meta.json.sha256).toBe(doc.json.sha256);
    expect(await documentFiles()).not.toContain(docId);
  });

  it('purges the documents of a cancelled verification 90 days after the cancellation', async () => {
    const order = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = order.json.verification_id as string;
    const doc = await upload(id, { data: PDF, filename: 'c.pdf', type: 'other' });
    expect((await t.request('POST', `/v1/verifications/${id}/cancel`)).json.status).toBe('cancelled');
    clock.advance(91 * DAY_MS);
    expect(await t.hub.services.documents.purgeDocuments(clock.now(), 90 * DAY_MS)).toBeGreaterThanOrEqual(1);
    const content = await t.request('GET', `/v1/verifications/${id}/documents/${doc.json.id}/content`);
    expectError(content, 410, 'document_purged');
  });
});
