import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signing scheme (contract §5), in one place for the hub that signs and the SDK that verifies.
 * Two equivalent signatures travel on each delivery: KeyBS's own `X-KeyBS-Signature` and the
 * Standard Webhooks `webhook-signature`, so stock verifiers work too.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=` + hex HMAC-SHA256 keyed with the whole `whsec_…` string over `<timestamp>.<body>`. */
export function signKeybs(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Standard Webhooks: key = base64-decoded part after `whsec_`, message `<id>.<timestamp>.<body>`. */
export function signStandard(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export type WebhookVerificationFailure =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'invalid_payload';

export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookInput {
  /** The raw request body exactly as received (a Buffer or the undecoded string). */
  body: string | Buffer;
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined> | Headers;
  /** The endpoint secret, or several during a rotation. */
  secret: string | readonly string[];
  toleranceSeconds?: number;
  /** Unix seconds; defaults to the current time. */
  now?: number;
}

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function equalConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a delivery's signature and freshness and returns the parsed payload.
 * Throws `WebhookVerificationError` saying why it refused.
 */
export function verifyWebhook<T = unknown>(input: VerifyWebhookInput): T {
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const secrets = typeof input.secret === 'string' ? [input.secret] : [...input.secret];
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  const now = input.now ?? Math.floor(Date.now() / 1000);

  const keybsSig = header(input.headers, 'x-keybs-signature');
  const keybsTs = header(input.headers, 'x-keybs-timestamp');
  const stdSig = header(input.headers, 'webhook-signature');
  const stdTs = header(input.headers, 'webhook-timestamp');
  const stdId = header(input.headers, 'webhook-id');

  const useKeybs = keybsSig !== undefined && keybsTs !== undefined;
  const useStd = !useKeybs && stdSig !== undefined && stdTs !== undefined && stdId !== undefined;
  if (!useKeybs && !useStd) {
    throw new WebhookVerificationError('missing_headers', 'The delivery carries no signature headers.');
  }
  const rawTs = (useKeybs ? keybsTs : stdTs) ?? '';
  if (!/^\d{1,12}$/.test(rawTs)) {
    throw new WebhookVerificationError('invalid_timestamp', 'The signature timestamp is not unix seconds.');
  }
  const timestamp = Number(rawTs);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_outside_tolerance',
      `The signature timestamp is more than ${tolerance} s from now (replayed or clock skew).`,
    );
  }
  const presented = useKeybs
    ? (keybsSig ?? '').split(',').map((s) => s.trim())
    : (stdSig ?? '').split(' ').map((s) => s.trim());
  const expected = secrets.map((s) =>
    useKeybs ? signKeybs(s, timestamp, body) : signStandard(s, stdId ?? '', timestamp, body),
  );
  // Compare every pair so the time taken does not depend on which one matched.
  let matched = false;
  for (const p of presented) for (const e of expected) matched = equalConstantTime(p, e) || matched;
  if (!matched) {
    throw new WebhookVerificationError('signature_mismatch', 'No signature matches the endpoint secret.');
  }
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The signed body is not JSON.');
  }
}
