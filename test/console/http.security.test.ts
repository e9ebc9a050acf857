import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../core/src/config/env.js';
import { createLogger } from '../../core/src/observability/logger.js';
import { Metrics } from '../../core/src/observability/metrics.js';
import { startHub } from '../../core/src/server.js';
import { selfSignedCert } from '../../core/test/helpers/self-signed.js';
import { ADMIN, ANALYST, ConsoleClient, type ConsoleHub, csrfOf, startConsoleHub } from './helpers.js';

let t: ConsoleHub;
beforeAll(async () => {
  t = await startConsoleHub();
});
afterAll(() => t.close());

const keyCount = async () => (await t.hub.services.keys.list()).length;

describe('console cookies and headers', () => {
  it('serves the sign-in form with labelled fields and strict security headers', async () => {
    const page = await t.client().get('/console/sign-in');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<label for="email">Email<\/label>/);
    expect(page.text).toMatch(/<label for="password">Password<\/label>/);
    expect(page.text).toMatch(/<button type="submit">Sign in<\/button>/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.text).not.toMatch(/\sstyle="/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('sets an httpOnly, SameSite=Strict session cookie without Secure over plain HTTP', async () => {
    const c = t.client();
    const signedIn = await c.signIn(ADMIN.email, ADMIN.password);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/console/test');
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('keybs_session='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    const token = c.cookies.get('keybs_session') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    // Stored server-side only as a hash.
    const hits = await t.hub.services.store.console.session(token);
    expect(hits).toBeUndefined();
  });

  it('sends a signed-out browser to the sign-in page and does nothing for its POSTs', async () => {
    const c = t.client();
    const page = await c.get('/console/test/keys');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console/sign-in?next=%2Fconsole%2Ftest%2Fkeys');
    const before = await keyCount();
    const post = await c.post('/console/test/keys', { _csrf: 'x', env: 'test', scopes: 'coverage:read' });
    expect(post.status).toBe(303);
    expect(await keyCount()).toBe(before);
  });

  it('serves its script and stylesheet as files', async () => {
    const js = await t.client().get('/console/assets/console.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await t.client().get('/console/assets/console.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('CSRF', () => {
  it('refuses a form POST without the token, with a wrong token, or from another origin', async () => {
    const c = t.client();
    await c.signIn(ADMIN.email, ADMIN.password);
    const token = csrfOf((await c.get('/console/test/keys')).text);
    const before = await keyCount();
    const form = { env: 'test', scopes: 'coverage:read', name: 'csrf probe' };
    const missing = await c.post('/console/test/keys', form);
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Form refused');
    expect((await c.post('/console/test/keys', { ...form, _csrf: `${token.slice(0, -2)}xx` })).status).toBe(403);
    const foreign = await c.post('/console/test/keys', { ...form, _csrf: token }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await keyCount()).toBe(before);
    const ok = await c.post('/console/test/keys', { ...form, _csrf: token }, { origin: t.url });
    expect(ok.status).toBe(201);
    expect(await keyCount()).toBe(before + 1);
  });

  it('refuses a sign-in POST that did not come from the sign-in form', async () => {
    const c = t.client();
    const page = await c.post('/console/sign-in', { email: ADMIN.email, password: ADMIN.password, _csrf: 'forged' });
    expect(page.status).toBe(403);
    expect(c.cookies.has('keybs_session')).toBe(false);
  });

  it('refuses sign-out without the token, and a signed-out session cannot be reused', async () => {
    const c = t.client();
    await c.signIn(ADMIN.email, ADMIN.password);
    expect((await c.post('/console/sign-out', {})).status).toBe(403);
    expect((await c.get('/console/test')).status).toBe(200);
    const stolen = c.cookies.get('keybs_session') ?? '';
    const out = await c.post('/console/sign-out', { _csrf: csrfOf((await c.get('/console/test')).text) });
    expect(out.location).toBe('/console/sign-in');
    c.cookies.set('keybs_session', stolen);
    expect((await c.get('/console/test')).status).toBe(303);
  });
});

describe('roles', () => {
  it('gives analysts Reviews and Verifications only: admin pages and forms answer 403', async () => {
    const c = t.client();
    const signedIn = await c.signIn(ANALYST.email, ANALYST.password);
    expect(signedIn.location).toBe('/console/test/reviews');
    const reviews = await c.get('/console/test/reviews');
    expect(reviews.text).toContain('>Verifications</a>');
    expect(reviews.text).not.toContain('>API keys</a>');
    for (const path of ['/console/test', '/console/test/keys', '/console/live/webhooks', '/console/test/coverage']) {
      expect((await c.get(path)).status, path).toBe(403);
    }
    const before = await keyCount();
    const refused = await c.post('/console/test/keys', {
      _csrf: csrfOf(reviews.text),
      env: 'live',
      scopes: 'coverage:read',
    });
    expect(refused.status).toBe(403);
    expect(await keyCount()).toBe(before);
    expect((await c.get('/console/test/verifications')).status).toBe(200);
  });
});

describe('over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keybs-console-tls-'));
  const { cert, key } = selfSignedCert(dir);
  let tls: ConsoleHub;
  beforeAll(async () => {
    tls = await startConsoleHub({ env: { KEYBS_TLS_CERT: cert, KEYBS_TLS_KEY: key } });
  });
  afterAll(async () => {
    await tls?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (path: string, method: string, headers: Record<string, string>, body = '') =>
    new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
      const req = request(`${tls.url}${path}`, { method, headers, ca: readFileSync(cert) }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('marks the session cookie Secure (with the __Secure- prefix)', async () => {
    const form = await send('/console/sign-in', 'GET', {});
    const signInCookie = form.cookies.find((c) => c.startsWith('__Secure-keybs_signin=')) ?? '';
    expect(signInCookie).toMatch(/; Secure/);
    const body = new URLSearchParams({ _csrf: csrfOf(form.text), email: ADMIN.email, password: ADMIN.password });
    const signedIn = await send(
      '/console/sign-in',
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded', cookie: signInCookie.split(';')[0] ?? '' },
      body.toString(),
    );
    expect(signedIn.status).toBe(303);
    const session = signedIn.cookies.find((c) => c.startsWith('__Secure-keybs_session=')) ?? '';
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Secure/);
  });
});

describe('logs', () => {
  it('never carry the password, the session token, the CSRF token or a created key secret', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'keybs-console-log-'));
    const env = parseEnv({ KEYBS_DATA_DIR: dataDir, PORT: '0', KEYBS_LOG_LEVEL: 'trace' });
    const hub = await startHub({ env, logger: createLogger('trace', sink), wiring: { metrics: new Metrics(false) } });
    try {
      await hub.services.users.create({ ...ADMIN, role: 'admin' });
      const c = new ConsoleClient(hub.url);
      await c.signIn(ADMIN.email, 'a wrong password');
      await c.signIn(ADMIN.email, ADMIN.password);
      const keysPage = await c.get('/console/test/keys');
      const csrf = csrfOf(keysPage.text);
      const created = await c.post('/console/test/keys', { _csrf: csrf, env: 'test', scopes: 'coverage:read' });
      const secret = /value="(sk_test_[0-9A-Za-z]+)"/.exec(created.text)?.[1] ?? '';
      expect(secret).not.toBe('');
      const log = lines.join('');
      expect(log).toContain('/console/:env/keys');
      for (const secretText of [
        ADMIN.password,
        'a wrong password',
        c.cookies.get('keybs_session') ?? '-',
        csrf,
        secret,
      ]) {
        expect(log).not.toContain(secretText);
      }
    } finally {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
