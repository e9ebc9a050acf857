import type { Request, Response } from 'express';
import type { Env } from '../config/env.js';

export interface CookieNames {
  session: string;
  signInCsrf: string;
  /** Whether cookies carry `Secure` (the hub serves TLS, or sits behind an https public URL). */
  secure: boolean;
}

/** With TLS the names take the `__Secure-` prefix, which browsers accept only with the `Secure` flag. */
export function cookieNames(env: Env): CookieNames {
  const secure =
    Boolean(env.KEYBS_TLS_CERT && env.KEYBS_TLS_KEY) || (env.KEYBS_PUBLIC_URL?.startsWith('https:') ?? false);
  const prefix = secure ? '__Secure-' : '';
  return { session: `${prefix}keybs_session`, signInCsrf: `${prefix}keybs_signin`, secure };
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** httpOnly, SameSite=Strict, path /console; a browser-session cookie unless `maxAgeSeconds` is given. */
export function setCookie(
  res: Response,
  names: CookieNames,
  name: string,
  value: string,
  maxAgeSeconds?: number,
): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (names.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(res: Response, names: CookieNames, name: string): void {
  setCookie(res, names, name, '', 0);
}
