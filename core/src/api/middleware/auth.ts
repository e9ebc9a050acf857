import type { Scope } from '@keybs/contract';
import type { Request } from 'express';
import type { AuthContext } from '../../auth/api-keys.js';
import { ApiError } from '../../domain/errors.js';
import type { Services } from '../services.js';

/** `Authorization: Bearer sk_…`, or HTTP Basic with the key as user name (`curl -u sk_test_…:`). */
export function bearerSecret(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** The request's key; throws the 401 that says what is wrong with it. */
export async function authenticate(services: Services, req: Request): Promise<AuthContext> {
  const secret = bearerSecret(req);
  if (!secret) throw new ApiError('api_key_missing');
  return services.keys.authenticate(secret);
}

/** 403 unless the key has `scope`. */
export function requireScope(auth: AuthContext, scope: Scope): void {
  if (!auth.scopes.has(scope)) throw new ApiError('insufficient_scope', `This API key lacks the '${scope}' scope.`);
}
