import express, { type Express } from 'express';
import { consoleRouter } from '../console/router.js';
import { ApiError } from '../domain/errors.js';
import { routeChain } from './handle.js';
import { accessLog } from './middleware/access-log.js';
import { errorHandler, sendError } from './middleware/errors.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { ROUTES } from './routes.js';
import type { Services } from './services.js';

/** Express path pattern → a regular expression, to tell a wrong method (405) from an unknown path (404). */
function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);
}

export function buildApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(accessLog(services));
  app.use('/console', consoleRouter(services));

  const limiter = rateLimit(services);
  for (const route of ROUTES) app[route.method](route.path, ...routeChain(route, services, limiter));
  const pluginRoutes = services.plugins.routes().map((p) => p.route);
  for (const route of pluginRoutes) app[route.method](route.path, ...routeChain(route, services, limiter));

  const patterns = [...ROUTES, ...pluginRoutes].map((r) => ({
    method: r.method.toUpperCase(),
    pattern: pathPattern(r.path),
  }));
  app.use((req, res) => {
    const allowed = patterns.filter((p) => p.pattern.test(req.path)).map((p) => p.method);
    if (allowed.length === 0)
      return sendError(res, new ApiError('route_not_found', `No endpoint ${req.method} ${req.path}.`));
    if (allowed.includes('GET')) allowed.push('HEAD');
    const allow = [...new Set(allowed)].sort().join(', ');
    res.setHeader('Allow', allow);
    sendError(res, new ApiError('method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${allow}.`));
  });
  app.use(errorHandler(services.logger));
  return app;
}
