import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signKeybs, signStandard } from '@keybs/contract';
import { describe, expect, it } from 'vitest';
import type { StatusChanged, WebhookVerificationFailure } from './index.js';
import { KeyBs, verifyWebhook, WebhookVerificationError } from './index.js';

const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;
const SECRET = newSecret();
const NOW = 1_780_000_000;
const DELIVERY = 'evt_01HZX';

const payload: StatusChanged = {
  verification_id: 'KBS-VR-2026-000001',
  status: 'in_review',
  previous_status: 'in_progress',
  country_tier: 2,
  confidence: 0.62,
  assigned_reviewer: 'Ana Analyst',
  changed_at: '2026-05-27T11:04:00Z',
  external_ref: 'SUP-42',
  livemode: false,
};
const BODY = JSON.stringify(payload);

/** The headers the hub puts on a delivery (contract §5), both signature schemes. */
function deliveryHeaders(body: string, secrets: string[], timestamp = NOW): Record<string, string> {
  return {
    'X-KeyBS-Event': 'verification.status_changed',
    'X-KeyBS-Delivery': DELIVERY,
    'X-KeyBS-Timestamp': String(timestamp),
    'X-KeyBS-Signature': secrets.map((s) => signKeybs(s, timestamp, body)).join(','),
    'webhook-id': DELIVERY,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signStandard(s, DELIVERY, timestamp, body)).join(' '),
  };
}

function onlyStandard(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('webhook-')));
}

function failure(run: () => unknown): WebhookVerificationFailure | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe('verifyWebhook', () => {
  it('accepts a correctly signed delivery and returns its payload', () => {
    const result = verifyWebhook<StatusChanged>({
      body: BODY,
      headers: deliveryHeaders(BODY, [SECRET]),
      secret: SECRET,
      now: NOW,
    });
    expect(result).toEqual(payload);
  });

  it('is the same function on the client, and accepts a Buffer body and fetch Headers', () => {
    const client = new KeyBs({ apiKey: 'sk_test_abc123' });
    expect(client.webhooks.verify).toBe(verifyWebhook);
    const headers = new Headers(deliveryHeaders(BODY, [SECRET]));
    expect(client.webhooks.verify({ body: Buffer.from(BODY), headers, secret: SECRET, now: NOW })).toEqual(payload);
  });

  it('accepts a delivery carrying only the Standard Webhooks headers', () => {
    const headers = onlyStandard(deliveryHeaders(BODY, [SECRET]));
    expect(verifyWebhook({ body: BODY, headers, secret: SECRET, now: NOW })).toEqual(payload);
  });

  it('rejects a tampered body under either scheme', () => {
    const headers = deliveryHeaders(BODY, [SECRET]);
    const tampered = BODY.replace('in_review', 'completed');
    expect(failure(() => verifyWebhook({ body: tampered, headers, secret: SECRET, now: NOW }))).toBe(
      'signature_mismatch',
    );
    expect(
      failure(() => verifyWebhook({ body: tampered, headers: onlyStandard(headers), secret: SECRET, now: NOW })),
    ).toBe('signature_mismatch');
  });

  it('rejects the wrong secret', () => {
    const headers = deliveryHeaders(BODY, [SECRET]);
    expect(failure(() => verifyWebhook({ body: BODY, headers, secret: newSecret(), now: NOW }))).toBe(
      'signature_mismatch',
    );
  });

  it('rejects a stale or future timestamp, even when correctly signed, and accepts one inside the tolerance', () => {
    const headers = deliveryHeaders(BODY, [SECRET], NOW - 301);
    expect(failure(() => verifyWebhook({ body: BODY, headers, secret: SECRET, now: NOW }))).toBe(
      'timestamp_outside_tolerance',
    );
    const future = deliveryHeaders(BODY, [SECRET], NOW + 301);
    expect(failure(() => verifyWebhook({ body: BODY, headers: future, secret: SECRET, now: NOW }))).toBe(
      'timestamp_outside_tolerance',
    );
    const recent = deliveryHeaders(BODY, [SECRET], NOW - 299);
    expect(failure(() => verifyWebhook({ body: BODY, headers: recent, secret: SECRET, now: NOW }))).toBe('accepted');
  });

  it('rejects a delivery with missing signature headers', () => {
    expect(failure(() => verifyWebhook({ body: BODY, headers: {}, secret: SECRET, now: NOW }))).toBe('missing_headers');
    const { 'X-KeyBS-Signature': _sig, 'webhook-signature': _std, ...unsigned } = deliveryHeaders(BODY, [SECRET]);
    expect(failure(() => verifyWebhook({ body: BODY, headers: unsigned, secret: SECRET, now: NOW }))).toBe(
      'missing_headers',
    );
  });

  it('rejects a timestamp that is not unix seconds', () => {
    const headers = { ...deliveryHeaders(BODY, [SECRET]), 'X-KeyBS-Timestamp': '2026-05-27T11:04:00Z' };
    expect(failure(() => verifyWebhook({ body: BODY, headers, secret: SECRET, now: NOW }))).toBe('invalid_timestamp');
  });

  it('during a rotation, accepts when one of two secrets matches, on either side', () => {
    const oldSecret = newSecret();
    const current = newSecret();
    // The hub signs with both while the old secret is in its grace period; the receiver knows only the new one.
    const bothSigned = deliveryHeaders(BODY, [oldSecret, current]);
    expect(failure(() => verifyWebhook({ body: BODY, headers: bothSigned, secret: current, now: NOW }))).toBe(
      'accepted',
    );
    expect(
      failure(() => verifyWebhook({ body: BODY, headers: onlyStandard(bothSigned), secret: current, now: NOW })),
    ).toBe('accepted');
    // The receiver holds old and new; the hub has already moved to the new one only.
    const newOnly = deliveryHeaders(BODY, [current]);
    expect(failure(() => verifyWebhook({ body: BODY, headers: newOnly, secret: [oldSecret, current], now: NOW }))).toBe(
      'accepted',
    );
    // Neither of the receiver's secrets signed it.
    expect(
      failure(() => verifyWebhook({ body: BODY, headers: newOnly, secret: [oldSecret, newSecret()], now: NOW })),
    ).toBe('signature_mismatch');
  });

  it('verifies a delivery received by a real node:http server from its raw body and headers', async () => {
    const outcomes: (WebhookVerificationFailure | 'accepted')[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const outcome = failure(() =>
          verifyWebhook({ body: Buffer.concat(chunks), headers: req.headers, secret: SECRET }),
        );
        outcomes.push(outcome);
        res.writeHead(outcome === 'accepted' ? 204 : 400).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/keybs`;
    try {
      const now = Math.floor(Date.now() / 1000);
      const good = await fetch(url, { method: 'POST', body: BODY, headers: deliveryHeaders(BODY, [SECRET], now) });
      const bad = await fetch(url, { method: 'POST', body: `${BODY} `, headers: deliveryHeaders(BODY, [SECRET], now) });
      expect([good.status, bad.status]).toEqual([204, 400]);
      expect(outcomes).toEqual(['accepted', 'signature_mismatch']);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
