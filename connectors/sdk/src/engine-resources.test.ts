import { Document, Review, SanctionsEdition, SanctionsHit } from '@keybs/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, RecordingServer, Responder } from '../test/recording-server.js';
import { errorReply, startServer, verification } from '../test/recording-server.js';
import { KeyBs, KeyBsApiError, KeyBsInvalidResponseError } from './index.js';

const API_KEY = 'sk_test_abc123';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ODD_ID = 'KBS/a?b c#d';
const ODD_ID_ENCODED = 'KBS%2Fa%3Fb%20c%23d';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(responder: Responder): Promise<{ client: KeyBs; srv: RecordingServer }> {
  server = await startServer(responder);
  return { client: new KeyBs({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 }), srv: server };
}

function only(srv: RecordingServer): RecordedRequest {
  expect(srv.requests).toHaveLength(1);
  const [req] = srv.requests;
  if (req === undefined) throw new Error('no request');
  return req;
}

function expectCommonHeaders(req: RecordedRequest): void {
  expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
  expect(req.headers.accept).toBe('application/json');
  expect(req.headers['user-agent']).toMatch(/^keybs-sdk-node\//);
}

function expectRead(req: RecordedRequest, url: string): void {
  expect(`${req.method} ${req.url}`).toBe(`GET ${url}`);
  expectCommonHeaders(req);
  expect(req.headers['idempotency-key']).toBeUndefined();
  expect(req.headers['content-type']).toBeUndefined();
  expect(req.body).toBe('');
}

function expectWrite(req: RecordedRequest, url: string, body: unknown, key: RegExp | string): void {
  expect(`${req.method} ${req.url}`).toBe(`POST ${url}`);
  expectCommonHeaders(req);
  expect(req.headers['idempotency-key']).toMatch(key);
  expect(req.headers['content-type']).toBe('application/json');
  expect(JSON.parse(req.body)).toEqual(body);
}

const hit = (overrides: Partial<SanctionsHit> = {}): SanctionsHit =>
  SanctionsHit.parse({
    list: 'ofac_sdn',
    entry_id: '12345',
    name: 'ACME TRADING LLC',
    matched_name: 'ACME TRADING',
    type: 'entity',
    programs: ['SDGT'],
    date_of_birth: null,
    score: 0.97,
    ...overrides,
  });

const edition = SanctionsEdition.parse({
  id: 3,
  object: 'sanctions_list_edition',
  list: 'ofac_sdn',
  source: 'https://sanctionslist.ofac.treas.gov/',
  entry_count: 17000,
  checksum: 'ab12',
  published_at: null,
  loaded_at: '2026-05-27T11:04:00Z',
  current: true,
});

const review = (overrides: Partial<Review> = {}): Review =>
  Review.parse({
    id: 'KBS-VR-2026-000001',
    object: 'review',
    verification_id: 'KBS-VR-2026-000001',
    supplier: 'Acme Sdn Bhd',
    country_code: 'MY',
    package: 'enhanced',
    reasons: ['potential sanctions match'],
    trust_score: 61,
    confidence: 0.7,
    proposed_recommendation: null,
    assigned_reviewer: null,
    claimed_at: null,
    due_at: '2026-05-27T17:04:00Z',
    overdue: false,
    escalated_at: null,
    livemode: false,
    history: [{ at: '2026-05-27T11:04:00Z', actor: 'system', action: 'queued', before: null, after: null }],
    ...overrides,
  });

const document = (overrides: Partial<Document> = {}): Document =>
  Document.parse({
    id: 'doc_4Fq9ZcJk2LmN8pQr',
    object: 'document',
    verification_id: 'KBS-VR-2026-000001',
    type: 'proof_of_address',
    filename: 'bill.pdf',
    content_type: 'application/pdf',
    size: 1024,
    sha256: 'a'.repeat(64),
    duplicate_of: null,
    checks: {
      text: 'extracted',
      names_supplier: true,
      names_registration_id: false,
      dates_found: 1,
      implausible_dates: [],
      score: 0.6,
      reasons: [],
    },
    created_at: '2026-05-27T11:04:00Z',
    purged_at: null,
    ...overrides,
  });

describe('sanctions resource', () => {
  it('search GETs /v1/sanctions/search with q, limit and type in the query', async () => {
    const body = { data: [hit()] };
    const { client, srv } = await clientFor(() => ({ status: 200, body }));

    const result = await client.sanctions.search('Acme & Sons', { limit: 5, type: 'entity' });

    expect(result).toEqual(body);
    expectRead(only(srv), '/v1/sanctions/search?q=Acme+%26+Sons&limit=5&type=entity');
  });

  it('search sends only q when no options are given', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: { data: [] } }));
    expect(await client.sanctions.search('Acme')).toEqual({ data: [] });
    expectRead(only(srv), '/v1/sanctions/search?q=Acme');
  });

  it('search rejects a hit that does not match the SanctionsHit schema', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: { data: [{ ...hit(), score: 'high' }] } }));
    const error = await client.sanctions.search('Acme').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    expect((error as KeyBsInvalidResponseError).message).toContain('SanctionsSearchResult');
    expect((error as KeyBsInvalidResponseError).issues).toEqual([expect.stringMatching(/^data\.0\.score: /)]);
  });

  it('lists GETs /v1/sanctions/lists and validates each edition', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: { data: [edition] } }));
    expect(await client.sanctions.lists()).toEqual({ data: [edition] });
    expectRead(only(srv), '/v1/sanctions/lists');
  });

  it('lists rejects an edition of the wrong object type', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: { data: [{ ...edition, object: 'list' }] } }));
    const error = await client.sanctions.lists().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    expect((error as KeyBsInvalidResponseError).issues).toEqual([expect.stringMatching(/^data\.0\.object: /)]);
  });
});

describe('reviews resource', () => {
  it('list GETs /v1/reviews with state and limit', async () => {
    const body = { data: [review()] };
    const { client, srv } = await clientFor(() => ({ status: 200, body }));
    expect(await client.reviews.list({ state: 'open', limit: 10 })).toEqual(body);
    expectRead(only(srv), '/v1/reviews?state=open&limit=10');
  });

  it('list sends no query when no params are given', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: { data: [] } }));
    await client.reviews.list();
    expectRead(only(srv), '/v1/reviews');
  });

  it('list rejects a review that does not match the Review schema', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: { data: [{ ...review(), overdue: 'no' }] } }));
    const error = await client.reviews.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    expect((error as KeyBsInvalidResponseError).message).toContain('list of Review');
    expect((error as KeyBsInvalidResponseError).issues).toEqual([expect.stringMatching(/^data\.0\.overdue: /)]);
  });

  it('claim POSTs {analyst} to the encoded path with a generated Idempotency-Key', async () => {
    const claimed = review({ assigned_reviewer: 'ana', claimed_at: '2026-05-27T12:00:00Z' });
    const { client, srv } = await clientFor(() => ({ status: 200, body: claimed }));
    expect(await client.reviews.claim(ODD_ID, 'ana')).toEqual(claimed);
    expectWrite(only(srv), `/v1/reviews/${ODD_ID_ENCODED}/claim`, { analyst: 'ana' }, UUID);
  });

  it('release POSTs {analyst} with the caller’s Idempotency-Key', async () => {
    const { client, srv } = await clientFor(() => ({ status: 200, body: review() }));
    expect(await client.reviews.release('KBS-VR-2026-000001', 'ana', { idempotencyKey: 'rel-1' })).toEqual(review());
    expectWrite(only(srv), '/v1/reviews/KBS-VR-2026-000001/release', { analyst: 'ana' }, 'rel-1');
  });

  it('decide POSTs the decision body and returns the validated Verification', async () => {
    const done = verification({ status: 'completed' });
    const { client, srv } = await clientFor(() => ({ status: 200, body: done }));
    const body = {
      analyst: 'ana',
      recommendation: 'proceed' as const,
      notes: 'False positive: different company.',
      sanctions_status: 'clear' as const,
    };
    expect(await client.reviews.decide('KBS-VR-2026-000001', body, { idempotencyKey: 'dec-1' })).toEqual(done);
    expectWrite(only(srv), '/v1/reviews/KBS-VR-2026-000001/decide', body, 'dec-1');
  });

  it('decide rejects a body that is a Review rather than a Verification', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: review() }));
    const error = await client.reviews
      .decide('KBS-VR-2026-000001', { analyst: 'ana', recommendation: 'reject', notes: 'Match.' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    expect((error as KeyBsInvalidResponseError).message).toContain('Verification schema');
  });

  it('claim surfaces a 409 from the hub as KeyBsApiError', async () => {
    const { client } = await clientFor(() => errorReply('review_claimed_by_another'));
    const error = await client.reviews.claim('KBS-VR-2026-000001', 'bob').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsApiError);
    expect((error as KeyBsApiError).code).toBe('review_claimed_by_another');
  });
});

describe('documents resource', () => {
  it('list GETs the verification’s documents with the id encoded', async () => {
    const body = { data: [document()] };
    const { client, srv } = await clientFor(() => ({ status: 200, body }));
    expect(await client.documents.list(ODD_ID)).toEqual(body);
    expectRead(only(srv), `/v1/verifications/${ODD_ID_ENCODED}/documents`);
  });

  it('retrieve GETs one document’s metadata with both ids encoded', async () => {
    const doc = document({ purged_at: '2026-06-27T11:04:00Z' });
    const { client, srv } = await clientFor(() => ({ status: 200, body: doc }));
    expect(await client.documents.retrieve(ODD_ID, 'doc_1/2')).toEqual(doc);
    expectRead(only(srv), `/v1/verifications/${ODD_ID_ENCODED}/documents/doc_1%2F2`);
  });

  it('retrieve rejects a document of an unknown content type', async () => {
    const { client } = await clientFor(() => ({ status: 200, body: { ...document(), content_type: 'text/plain' } }));
    const error = await client.documents.retrieve('KBS-VR-2026-000001', 'doc_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBsInvalidResponseError);
    expect((error as KeyBsInvalidResponseError).message).toContain('Document schema');
    expect((error as KeyBsInvalidResponseError).issues).toEqual([expect.stringMatching(/^content_type: /)]);
  });
});
