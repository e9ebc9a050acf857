import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The hidden form field carrying the CSRF token. */
export const CSRF_FIELD = '_csrf';

export const newCsrfToken = (): string => randomBytes(32).toString('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A form POST is accepted when its `_csrf` field equals the expected token (the session's own, or the
 * sign-in cookie's) and, when the browser says where it came from, it came from this hub.
 */
export function csrfProblem(req: Request, expected: string | undefined): string | undefined {
  const body: unknown = req.body;
  const sent = body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  if (!expected || typeof sent !== 'string' || !same(sent, expected)) return 'missing or wrong CSRF token';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    if (!URL.canParse(origin) || new URL(origin).host !== req.headers.host) return 'request from another origin';
  }
  return undefined;
}
