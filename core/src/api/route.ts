import type { IncomingMessage } from 'node:http';
import type { ErrorCode, Scope } from '@keybs/contract';
import type { z } from 'zod';
import type { AuthContext } from '../auth/api-keys.js';
import type { IdempotencyRequest, StoredResponse } from '../store/records.js';
import type { Services } from './services.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Reply {
  status: number;
  /** Serialised as JSON, unless `contentType` is set: then it is a string (or bytes) sent as it is. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** The handler already stored this response with its Idempotency-Key (in its own transaction). */
  idempotencyStored?: boolean;
  /** The handler found a stored response for the Idempotency-Key: send it again as it was. */
  replay?: StoredResponse;
}

export interface HandlerContext<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  /** Present on every route with a scope. */
  auth: AuthContext;
  requestId: string;
  services: Services;
  /** The raw request, whose body is still unread on `upload` routes. */
  request: IncomingMessage;
  /**
   * The request's Idempotency-Key, when it sent one. On routes that claim it themselves (`atomicIdempotency`),
   * `request` is the claim to make in the handler's own transaction.
   */
  idempotency: { env: AuthContext['env']; key: string; request: IdempotencyRequest } | undefined;
}

/** One endpoint: its wire schemas (for validation and OpenAPI), its scope and its handler, in one place. */
export interface RouteSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: Method;
  /** Express-style path (`/v1/verifications/:id`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Scope the API key needs; `null` for public endpoints. */
  scope: Scope | null;
  body?: B;
  /**
   * A multipart/form-data body, documented by this schema and read by the handler from `request`: such a
   * route gets no JSON parser and no 1 MiB limit (the handler sets its own).
   */
  upload?: z.ZodType;
  query?: Q;
  params?: Record<string, string>;
  responses: { status: number; description: string; schema?: z.ZodType }[];
  /** The handler claims the Idempotency-Key in its own transaction (one commit per request instead of two). */
  atomicIdempotency?: boolean;
  /** Error codes this endpoint can answer with, beyond the common ones. */
  errors?: ErrorCode[];
  handle(ctx: HandlerContext<z.output<B>, z.output<Q>>): Promise<Reply>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType>;

/** Keeps the handler's types tied to the route's schemas. */
export function defineRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<B, Q>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}
