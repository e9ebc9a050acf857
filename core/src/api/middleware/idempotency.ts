import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_PATTERN } from '@keybs/contract';
import type { Request } from 'express';
import { ApiError } from '../../domain/errors.js';
import { IDEMPOTENCY_WINDOW_MS } from '../../domain/idempotency.js';
import type { IdempotencyClaim, IdempotencyRequest, StoredResponse } from '../../store/records.js';
import type { Services } from '../services.js';

/** The `Idempotency-Key` header, validated; undefined when absent. */
export function idempotencyKey(req: Request): string | undefined {
  const value = req.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new ApiError(
      'invalid_header',
      'Idempotency-Key must be 1–255 printable ASCII characters.',
      'Idempotency-Key',
    );
  }
  return value;
}

/** JSON with sorted keys, so the same body sent with other spacing or key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprint(req: Request): string {
  return createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${canonical(req.body ?? null)}`)
    .digest('hex');
}

/** The claim of `key` for this request: its fingerprint, its lock, the 24 h window. */
export function claimRequest(services: Services, req: Request, env: 'test' | 'live', key: string): IdempotencyRequest {
  const now = services.clock.now();
  return {
    env,
    key,
    fingerprint: fingerprint(req),
    now,
    lockUntil: now + services.env.KEYBS_IDEMPOTENCY_LOCK_SECONDS * 1000,
    expiredBefore: now - IDEMPOTENCY_WINDOW_MS,
  };
}

/** Throws the refusal of a claim that was not acquired; returns the stored response of a replay. */
export function refusal(claim: IdempotencyClaim): StoredResponse | undefined {
  if (claim.kind === 'in_progress') throw new ApiError('idempotency_key_in_use');
  if (claim.kind === 'mismatch') throw new ApiError('idempotency_key_reused', undefined, 'Idempotency-Key');
  return claim.kind === 'replay' ? claim.response : undefined;
}

/**
 * Whether an error response is kept for replay. Refusals that did not run the request (auth, scope,
 * rate limit, validation, malformed input) and server faults are not: the client may fix and retry.
 */
export function storesError(error: ApiError): boolean {
  return error.status === 404 || (error.status === 409 && error.code !== 'idempotency_key_in_use');
}
