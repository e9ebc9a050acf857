import { type AnyRoute, defineRoute } from '../api/route.js';
import type { PluginRoute } from './definition.js';
import { PluginLoadError } from './load.js';

/** A plugin's endpoint as a hub route: the same auth, scopes, rate limit, idempotency and error body. */
export function pluginRoute(plugin: string, route: PluginRoute): AnyRoute {
  if (!route.path.startsWith('/v1/'))
    throw new PluginLoadError(plugin, `route ${route.method.toUpperCase()} ${route.path} must start with /v1/`);
  return defineRoute({
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description !== undefined && { description: route.description }),
    tag: `Plugin ${plugin}`,
    scope: route.scope,
    ...(route.body && { body: route.body }),
    ...(route.query && { query: route.query }),
    responses: route.responses,
    async handle(ctx) {
      const reply = await route.handle({
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

/** Refuses a plugin endpoint that would shadow a core one or another plugin's. */
export function checkRouteClashes(core: readonly AnyRoute[], plugins: { plugin: string; route: AnyRoute }[]): void {
  const taken = new Map(core.map((r) => [`${r.method} ${r.path}`, 'the core']));
  for (const { plugin, route } of plugins) {
    const key = `${route.method} ${route.path}`;
    const owner = taken.get(key);
    if (owner)
      throw new PluginLoadError(
        plugin,
        `route ${route.method.toUpperCase()} ${route.path} is already served by ${owner}`,
      );
    taken.set(key, `plugin ${plugin}`);
  }
}
