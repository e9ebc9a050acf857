import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { ApiError } from '../domain/errors.js';
import type { StoredResponse } from '../store/records.js';
import { authenticate, requireScope } from './middleware/auth.js';
import { errorBody, toApiError, validationError } from './middleware/errors.js';
import { claimRequest, idempotencyKey, refusal, storesError } from './middleware/idempotency.js';
import { locals } from './middleware/locals.js';
import type { RateLimiter } from './middleware/rate-limit.js';
import type { AnyRoute, HandlerContext } from './route.js';
import type { Services } from './services.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const jsonParser = express.json({ limit: BODY_LIMIT_BYTES, type: 'application/json' });

/** A request that carries a body must say it is JSON. */
const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) throw new ApiError('unsupported_media_type');
  next();
};

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

function sendReplay(res: Response, services: Services, stored: StoredResponse): void {
  services.metrics.idempotentReplays.inc();
  res.setHeader('X-Request-Id', stored.requestId);
  send(res, stored.status, stored.body, { 'Idempotent-Replayed': 'true' });
}

function send(
  res: Response,
  status: number,
  text: string | Buffer,
  headers: Record<string, string> = {},
  type = 'application/json',
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).type(type).send(text);
}

/** The middleware chain of one route: auth, rate limit, body, idempotency, validation, handler. */
export function routeChain(route: AnyRoute, services: Services, limiter: RateLimiter): RequestHandler[] {
  const { scope } = route;
  const chain: RequestHandler[] = [
    async (req, res, next) => {
      const l = locals(res);
      l.route = route.path;
      if (scope) {
        l.auth = await authenticate(services, req);
        requireScope(l.auth, scope);
        limiter(l.auth.keyId);
      }
      next();
    },
  ];
  if (route.method !== 'get' && !route.upload) chain.push(requireJson, jsonParser);
  chain.push(async (req: Request, res: Response) => {
    const requestId = locals(res).requestId;
    const auth = locals(res).auth;
    // An upload's body is not buffered for an idempotency fingerprint; a repeated upload shows as `duplicate_of`.
    const key = route.method === 'post' && auth && !route.upload ? idempotencyKey(req) : undefined;
    const idem = key && auth ? { env: auth.env, key, request: claimRequest(services, req, auth.env, key) } : undefined;
    // Routes with atomic idempotency claim inside their own transaction; the others claim here.
    const claimed = idem !== undefined && !route.atomicIdempotency;
    if (claimed) {
      const replay = refusal(await services.store.idempotency.claim(idem.request));
      if (replay) return sendReplay(res, services, replay);
    }
    try {
      const ctx: HandlerContext<unknown, unknown> = {
        body: route.body ? parse(route.body, req.body ?? {}) : undefined,
        query: route.query ? parse(route.query, req.query) : undefined,
        params: req.params as Record<string, string>,
        auth: auth as NonNullable<typeof auth>,
        requestId,
        services,
        request: req,
        idempotency: idem,
      };
      const reply = await route.handle(ctx);
      if (reply.replay) return sendReplay(res, services, reply.replay);
      const text = !reply.contentType
        ? JSON.stringify(reply.body)
        : Buffer.isBuffer(reply.body)
          ? reply.body
          : String(reply.body);
      if (claimed && !reply.idempotencyStored) {
        await services.store.idempotency.complete({
          ...idem,
          response: { status: reply.status, body: String(text), requestId },
        });
      }
      send(res, reply.status, text, reply.headers, reply.contentType);
    } catch (error) {
      if (claimed) {
        const apiError = toApiError(error);
        if (apiError && storesError(apiError)) {
          const body = JSON.stringify(errorBody(apiError, requestId));
          await services.store.idempotency.complete({
            ...idem,
            response: { status: apiError.status, body, requestId },
          });
        } else {
          await services.store.idempotency.release(idem.env, idem.key);
        }
      }
      throw error;
    }
  });
  return chain;
}
