import { z } from 'zod';
import { type AnyRoute, defineRoute } from '../../api/route.js';
import type { RouteCall, RouteDescriptor } from './protocol.js';

/**
 * Lets a body or query through as it came: the plugin thread validates it with the plugin's own zod schema
 * (transforms and refinements included) and answers 422 exactly as the main thread would.
 */
const AS_SENT = z.unknown();

/** A plugin endpoint served by the plugin thread, with the hub's auth, scopes, rate limit and idempotency. */
export function threadRoute(
  d: RouteDescriptor,
  call: (request: RouteCall) => Promise<{ status: number; body: unknown }>,
): AnyRoute {
  return defineRoute({
    method: d.method,
    path: d.path,
    operationId: d.operationId,
    summary: d.summary,
    ...(d.description !== undefined && { description: d.description }),
    tag: `Plugin ${d.plugin}`,
    scope: d.scope,
    ...(d.body && { body: AS_SENT }),
    ...(d.query && { query: AS_SENT }),
    responses: d.responses,
    async handle(ctx) {
      const reply = await call({
        index: d.index,
        body: ctx.body,
        query: ctx.query,
        params: ctx.params,
        env: ctx.auth.env,
        livemode: ctx.auth.livemode,
        requestId: ctx.requestId,
      });
      return { status: reply.status, body: reply.body };
    },
  });
}
