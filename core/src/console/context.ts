import type { Environment } from '@keybs/contract';
import type { Request, Response } from 'express';
import type { Services } from '../api/services.js';
import type { ConsoleSessionRecord } from '../store/console-store.js';
import type { UserRecord } from '../store/user-store.js';
import type { CookieNames } from './cookies.js';
import type { Html } from './html.js';
import type { ConsoleSessions } from './session.js';

export type Section = 'dashboard' | 'keys' | 'webhooks' | 'verifications' | 'reviews' | 'coverage' | 'plugins';

/** The console's sections in navigation order; analysts see only those not marked `adminOnly`. */
export const SECTIONS: readonly { section: Section; label: string; path: string; adminOnly: boolean }[] = [
  { section: 'dashboard', label: 'Dashboard', path: '', adminOnly: true },
  { section: 'keys', label: 'API keys', path: '/keys', adminOnly: true },
  { section: 'webhooks', label: 'Webhooks', path: '/webhooks', adminOnly: true },
  { section: 'verifications', label: 'Verifications', path: '/verifications', adminOnly: false },
  { section: 'reviews', label: 'Reviews', path: '/reviews', adminOnly: false },
  { section: 'coverage', label: 'Coverage', path: '/coverage', adminOnly: true },
  { section: 'plugins', label: 'Plugins', path: '/plugins', adminOnly: true },
];

/** What the console knows once a request is signed in and inside an environment (`/console/test/…`). */
export interface ConsoleDeps {
  services: Services;
  sessions: ConsoleSessions;
  cookies: CookieNames;
}

export interface SignedIn {
  user: UserRecord;
  session: ConsoleSessionRecord;
  flash: string | null;
}

export interface PageContext extends ConsoleDeps, SignedIn {
  env: Environment;
  livemode: boolean;
  /** `/console/test` or `/console/live`. */
  base: string;
}

export interface ConsoleLocals {
  signedIn?: SignedIn;
  env?: Environment;
}

export const consoleLocals = (res: Response): ConsoleLocals => res.locals as ConsoleLocals;

export function pageContext(deps: ConsoleDeps, res: Response): PageContext {
  const { signedIn, env } = consoleLocals(res);
  if (!signedIn || !env) throw new Error('console page outside a signed-in environment');
  return { ...deps, ...signedIn, env, livemode: env === 'live', base: `/console/${env}` };
}

export function firstSection(user: UserRecord): Section {
  return user.role === 'admin' ? 'dashboard' : 'reviews';
}

export function sectionPath(section: Section): string {
  return SECTIONS.find((s) => s.section === section)?.path ?? '';
}

export function sendHtml(res: Response, status: number, page: Html): void {
  res.status(status).type('text/html; charset=utf-8').send(page.text);
}

/** A form field as a trimmed string ('' when absent). */
export function field(req: Request, name: string): string {
  const body: unknown = req.body;
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : Array.isArray(value) ? String(value[0] ?? '').trim() : '';
}

/** Every value of a repeated form field (checkboxes). */
export function fields(req: Request, name: string): string[] {
  const body: unknown = req.body;
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A query parameter as a string ('' when absent). */
export function queryParam(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Post/redirect/get: a message for the next page, then a 303 to `location`. */
export async function redirectWith(ctx: PageContext, res: Response, location: string, message?: string) {
  if (message) await ctx.sessions.flash(ctx.session, message);
  res.redirect(303, location);
}
