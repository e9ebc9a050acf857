import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Checks a delivery's `X-KeyBS-Signature` (contract §5): `sha256=` + hex HMAC-SHA256 keyed with the whole
 * `whsec_…` secret over `<X-KeyBS-Timestamp>.<raw body>`, one value per live secret during a rotation.
 * The same scheme as the SDK's `verifyWebhook`, restated here because a community node ships without
 * runtime dependencies (a test checks the two agree).
 */

export const TOLERANCE_SECONDS = 300;

export type SignatureProblem = 'missing_headers' | 'invalid_timestamp' | 'stale_timestamp' | 'signature_mismatch';

export interface SignatureCheck {
  rawBody: Buffer | string;
  headers: IncomingHttpHeaders;
  secret: string;
  /** Unix seconds; default now. */
  now?: number;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `undefined` when the delivery is authentic and fresh, else what is wrong with it. */
export function signatureProblem(check: SignatureCheck): SignatureProblem | undefined {
  const signature = single(check.headers['x-keybs-signature']);
  const timestamp = single(check.headers['x-keybs-timestamp']);
  if (!signature || !timestamp) return 'missing_headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'invalid_timestamp';
  const now = check.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) return 'stale_timestamp';
  const expected = `sha256=${createHmac('sha256', check.secret).update(`${timestamp}.`).update(check.rawBody).digest('hex')}`;
  let matched = false;
  for (const presented of signature.split(',')) matched = equal(presented.trim(), expected) || matched;
  return matched ? undefined : 'signature_mismatch';
}
