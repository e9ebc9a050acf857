import { signKeybs, verifyWebhook } from '@keybs/contract';
import { describe, expect, it } from 'vitest';
import { signatureProblem, TOLERANCE_SECONDS } from '../nodes/KeyBsTrigger/signature.js';

// The trigger's check agrees with the contract's signer and the SDK's verifier on every edge.

const secret = 'whsec_dGVzdC1zZWNyZXQtZm9yLW44bg==';
const now = 1_800_000_000;
const body = '{"verification_id":"KBS-VR-2026-000184","status":"completed"}';
const headers = (signature: string, timestamp: number | string = now) => ({
  'x-keybs-signature': signature,
  'x-keybs-timestamp': String(timestamp),
});

describe('signatureProblem', () => {
  it('accepts what the hub signs, as the SDK does', () => {
    const h = headers(signKeybs(secret, now, body));
    expect(signatureProblem({ rawBody: Buffer.from(body), headers: h, secret, now })).toBeUndefined();
    expect(verifyWebhook({ body, headers: h, secret, now })).toMatchObject({ status: 'completed' });
  });

  it('accepts any of the comma-separated signatures of a rotation', () => {
    const h = headers(`${signKeybs('whsec_old', now, body)}, ${signKeybs(secret, now, body)}`);
    expect(signatureProblem({ rawBody: body, headers: h, secret, now })).toBeUndefined();
  });

  it.each([
    ['another secret', headers(signKeybs('whsec_other', now, body)), 'signature_mismatch'],
    ['a changed body', headers(signKeybs(secret, now, `${body} `)), 'signature_mismatch'],
    ['no signature', { 'x-keybs-timestamp': String(now) }, 'missing_headers'],
    ['no timestamp', { 'x-keybs-signature': signKeybs(secret, now, body) }, 'missing_headers'],
    ['a timestamp that is not unix seconds', headers(signKeybs(secret, now, body), '2026-05-27'), 'invalid_timestamp'],
    [
      'a stale timestamp',
      headers(signKeybs(secret, now - TOLERANCE_SECONDS - 1, body), now - TOLERANCE_SECONDS - 1),
      'stale_timestamp',
    ],
  ] as const)('refuses %s', (_, h, problem) => {
    expect(signatureProblem({ rawBody: body, headers: h, secret, now })).toBe(problem);
    expect(() => verifyWebhook({ body, headers: h, secret, now })).toThrow();
  });
});
