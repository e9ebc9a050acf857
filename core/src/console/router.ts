import type { Environment } from '@keybs/contract';
import express, { type Router } from 'express';
import { locals } from '../api/middleware/locals.js';
import type { Services } from '../api/services.js';
import { serveAsset } from './assets.js';
import { type ConsoleDeps, consoleLocals, firstSection, pageContext, sectionPath, sendHtml } from './context.js';
import { cookieNames, readCookie } from './cookies.js';
import { csrfProblem } from './csrf.js';
import { html } from './html.js';
import { barePage, errorPage } from './layout.js';
import { pageRouter } from './page-router.js';
import { registerCoverage } from './pages/coverage.js';
import { registerDashboard } from './pages/dashboard.js';
import { registerKeys } from './pages/keys.js';
import { registerPlugins } from './pages/plugins.js';
import { registerReviews } from './pages/reviews.js';
import { registerSignIn, registerSignOut } from './pages/sign-in.js';
import { registerVerifications } from './pages/verifications.js';
import { registerWebhooks } from './pages/webhooks.js';
import { securityHeaders } from './security.js';
import { ConsoleSessions } from './session.js';

const ENVIRONMENTS: readonly Environment[] = ['test', 'live'];

/**
 * The admin console at `/console`: server-rendered pages, a session per signed-in user, CSRF tokens on every
 * form, and `/console/test/…` beside `/console/live/…` so both modes can be open side by side.
 */
export function consoleRouter(services: Services): Router {
  const deps: ConsoleDeps = {
    services,
    sessions: new ConsoleSessions(services.store.console, services.store.users, services.clock),
    cookies: cookieNames(services.env),
  };
  const router = express.Router();
  router.use(securityHeaders);
  router.get('/assets/:name', serveAsset);
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  registerSignIn(router, deps);

  router.use(async (req, res, next) => {
    const active = await deps.sessions.resolve(readCookie(req, deps.cookies.session));
    if (active) {
      consoleLocals(res).signedIn = active;
      return next();
    }
    locals(res).route = '/console/*';
    const target = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl.split('?')[0] ?? '')}` : '';
    res.redirect(303, `/console/sign-in${target}`);
  });
  registerSignOut(router, deps);
  router.get('/', (_req, res) => {
    const signedIn = consoleLocals(res).signedIn;
    res.redirect(303, `/console/test${signedIn ? sectionPath(firstSection(signedIn.user)) : ''}`);
  });

  const inEnv = express.Router({ mergeParams: true });
  router.use('/:env', (req, res, next) => {
    const env = req.params.env as Environment;
    if (!ENVIRONMENTS.includes(env)) return next();
    consoleLocals(res).env = env;
    inEnv(req, res, next);
  });
  inEnv.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    const ctx = pageContext(deps, res);
    const problem = csrfProblem(req, ctx.session.csrfToken);
    if (!problem) return next();
    locals(res).route = '/console/:env/*';
    sendHtml(
      res,
      403,
      errorPage(ctx, 'dashboard', 'Form refused', `The form was refused (${problem}). Reload the page and try again.`),
    );
  });
  const pages = pageRouter(inEnv, deps);
  registerDashboard(pages);
  registerKeys(pages);
  registerWebhooks(pages);
  registerVerifications(pages);
  registerReviews(pages);
  registerCoverage(pages);
  registerPlugins(pages);

  router.use((_req, res) => {
    locals(res).route = '/console/*';
    sendHtml(
      res,
      404,
      barePage(
        'Not found',
        html`<h1>Not found</h1><p>No such console page. <a href="/console">Back to the console</a></p>`,
      ),
    );
  });
  return router;
}
