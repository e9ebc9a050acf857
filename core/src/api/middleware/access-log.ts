import type { RequestHandler } from 'express';
import type { Services } from '../services.js';
import { locals } from './locals.js';

/** One log line and the metrics per request. Logs name the key id, never a secret. */
export function accessLog(services: Services): RequestHandler {
  const { logger, metrics } = services;
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const l = locals(res);
      const route = l.route ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: res.statusCode });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      logger.info(
        {
          request_id: l.requestId,
          method: req.method,
          route,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(seconds * 10_000) / 10,
          key_id: l.auth?.keyId,
        },
        'request',
      );
    });
    next();
  };
}
