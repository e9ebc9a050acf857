import type { Scope } from '@keybs/contract';
import type { Request, RequestHandler } from 'express';
import { ApiError } from '../../domain/errors.js';
import type { Services } from '../services.js';
import { locals } from './locals.js';

/** `Authorization: Bearer sk_…`, or HTTP Basic with the key as user name (`curl -u sk_test_…:`). */
export function bearerSecret(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

export function authenticate(services: Services, scope: Scope): RequestHandler {
  return async (req, res, next) => {
    const secret = bearerSecret(req);
    if (!secret) throw new ApiError('api_key_missing');
    const auth = await services.keys.authenticate(secret);
    locals(res).auth = auth;
    if (!auth.scopes.has(scope)) {
      throw new ApiError('insufficient_scope', `This API key lacks the '${scope}' scope.`);
    }
    next();
  };
}
