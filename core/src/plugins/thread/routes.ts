import { z } from 'zod';
import type { AnyRoute } from '../../api/route.js';
import { pluginRoute } from '../routes.js';
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
  const { plugin, index, body, query, ...shape } = d;
  return pluginRoute(plugin, {
    ...shape,
    ...(body && { body: AS_SENT }),
    ...(query && { query: AS_SENT }),
    handle: (request) => call({ index, ...request }),
  });
}
