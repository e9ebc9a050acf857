import type { Request, Response, Router } from 'express';
import { locals } from '../../api/middleware/locals.js';
import { type ConsoleDeps, consoleLocals, field, firstSection, queryParam, sectionPath, sendHtml } from '../context.js';
import { clearCookie, readCookie, setCookie } from '../cookies.js';
import { CSRF_FIELD, csrfProblem, newCsrfToken } from '../csrf.js';
import { when } from '../format.js';
import { html } from '../html.js';
import { barePage } from '../layout.js';

const SIGN_IN_CSRF_SECONDS = 3600;

/** Only paths inside the console are followed after sign-in (no open redirect). */
function safeNext(next: string): string | undefined {
  return /^\/console\/(test|live)(\/[\w\-/.]*)?$/.test(next) ? next : undefined;
}

function signInPage(token: string, options: { email?: string; error?: string; next?: string } = {}) {
  return barePage(
    'Sign in',
    html`<h1>KeyBS Console</h1>
<form method="post" action="/console/sign-in" class="card stack">
<input type="hidden" name="${CSRF_FIELD}" value="${token}">
${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
${options.error ? html`<p class="error" role="alert" id="sign-in-error">${options.error}</p>` : ''}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}"${
      options.error ? html` aria-describedby="sign-in-error"` : ''
    } autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p class="hint">Accounts are made with <code>keybs users create</code>.</p>`,
  );
}

/** Sign-in. The sign-in form has its own CSRF token (a cookie and a field that must match). */
export function registerSignIn(router: Router, deps: ConsoleDeps): void {
  const { sessions, cookies } = deps;
  const showForm = (res: Response, status: number, options: Parameters<typeof signInPage>[1] = {}) => {
    const token = newCsrfToken();
    setCookie(res, cookies, cookies.signInCsrf, token, SIGN_IN_CSRF_SECONDS);
    sendHtml(res, status, signInPage(token, options));
  };

  router.get('/sign-in', async (req: Request, res: Response) => {
    locals(res).route = '/console/sign-in';
    const next = safeNext(queryParam(req, 'next'));
    showForm(res, 200, next ? { next } : {});
  });

  router.post('/sign-in', async (req: Request, res: Response) => {
    locals(res).route = '/console/sign-in';
    const email = field(req, 'email');
    const next = safeNext(field(req, 'next'));
    const carry = { email, ...(next && { next }) };
    if (csrfProblem(req, readCookie(req, cookies.signInCsrf))) {
      return showForm(res, 403, { ...carry, error: 'The form expired or came from elsewhere. Please sign in again.' });
    }
    const result = await sessions.signIn(email, typeof req.body?.password === 'string' ? req.body.password : '');
    if (result.kind === 'locked') {
      return showForm(res, 429, {
        ...carry,
        error: `Too many failed sign-ins: this account is locked until ${when(result.until)}.`,
      });
    }
    if (result.kind === 'invalid') return showForm(res, 401, { ...carry, error: 'Wrong email or password.' });
    clearCookie(res, cookies, cookies.signInCsrf);
    setCookie(res, cookies, cookies.session, result.token);
    res.redirect(303, next ?? `/console/test${sectionPath(firstSection(result.user))}`);
  });
}

/** Sign-out: registered after the session check, with the session's own CSRF token. */
export function registerSignOut(router: Router, deps: ConsoleDeps): void {
  const { sessions, cookies } = deps;
  router.post('/sign-out', async (req: Request, res: Response) => {
    locals(res).route = '/console/sign-out';
    const signedIn = consoleLocals(res).signedIn;
    if (!signedIn || csrfProblem(req, signedIn.session.csrfToken)) {
      return sendHtml(
        res,
        403,
        barePage(
          'Not allowed',
          html`<p class="error" role="alert">Sign-out refused: the form expired. <a href="/console">Back to the console</a></p>`,
        ),
      );
    }
    await sessions.signOut(signedIn.session);
    clearCookie(res, cookies, cookies.session);
    res.redirect(303, '/console/sign-in');
  });
}
