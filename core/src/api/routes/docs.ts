import { buildOpenApi } from '../openapi.js';
import { renderReferencePage } from '../reference-page.js';
import { type AnyRoute, defineRoute } from '../route.js';

export const API_VERSION = '2026-12-01';

/** The OpenAPI document and the readable reference page, both generated from `routes`. */
export function docsRoutes(routes: () => readonly AnyRoute[]): AnyRoute[] {
  let cached: Record<string, unknown> | undefined;
  const document = () => (cached ??= buildOpenApi(routes(), API_VERSION));
  let page: string | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/v1/openapi.json',
      operationId: 'openapi',
      summary: 'OpenAPI document',
      description: 'This API as OpenAPI 3.1, generated from the same zod schemas that validate requests.',
      tag: 'Operations',
      scope: null,
      responses: [{ status: 200, description: 'OpenAPI 3.1 JSON.' }],
      async handle() {
        return { status: 200, body: document() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'reference',
      summary: 'API reference page',
      description: 'A readable HTML reference of every endpoint, schema and error code.',
      tag: 'Operations',
      scope: null,
      responses: [{ status: 200, description: 'HTML.' }],
      async handle() {
        page ??= renderReferencePage(document());
        return { status: 200, body: page, contentType: 'text/html; charset=utf-8' };
      },
    }),
  ];
}
