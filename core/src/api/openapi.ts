import { ERRORS, ErrorBody } from '@keybs/contract';
import { z } from 'zod';
import type { AnyRoute } from './route.js';

type Json = Record<string, unknown>;

const COMMON_ERRORS: Record<string, number[]> = {
  authenticated: [401, 403, 429],
  post: [400, 409, 413, 415, 422],
};

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1), named sub-schemas hoisted into `components`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  const text = JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $defs, $schema: _ignored, ...rest } = JSON.parse(text) as Json & { $defs?: Json };
  for (const [name, def] of Object.entries($defs ?? {})) if (!(name in components)) components[name] = def;
  const id = (rest as { id?: string }).id;
  if (typeof id === 'string') {
    delete (rest as { id?: string }).id;
    if (!(id in components)) components[id] = rest;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rest;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document, generated from the route specs and the contract's zod schemas. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Json {
  const components: Json = {};
  const errorRef = jsonSchema(ErrorBody, 'output', components);
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const parameters: Json[] = Object.entries(route.params ?? {}).map(([name, description]) => ({
      name,
      in: 'path',
      required: true,
      description,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const q = jsonSchema(route.query, 'input', components) as { properties?: Json; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    if (route.method === 'post' && route.scope && !route.upload) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes the request safe to retry for 24 h (1–255 printable ASCII characters).',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    const responses: Json = {};
    for (const r of route.responses) {
      responses[String(r.status)] = {
        description: r.description,
        ...(r.schema && { content: { 'application/json': { schema: jsonSchema(r.schema, 'output', components) } } }),
      };
    }
    const statuses = new Set<number>([
      ...(route.scope ? (COMMON_ERRORS.authenticated ?? []) : []),
      ...(route.method === 'post' ? (COMMON_ERRORS.post ?? []) : []),
      ...(route.params ? [404] : []),
      ...(route.errors ?? []).map((code) => ERRORS[code].status),
    ]);
    for (const status of [...statuses].sort()) {
      const codes = Object.entries(ERRORS)
        .filter(
          ([code, spec]) => spec.status === status && (route.errors?.includes(code as never) || !isSpecific(code)),
        )
        .map(([code]) => code);
      responses[String(status)] = {
        description: `Error: ${codes.join(', ')}`,
        content: { 'application/json': { schema: errorRef } },
      };
    }
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description && { description: route.description }),
      tags: [route.tag],
      ...(route.scope ? { security: [{ apiKey: [] }], 'x-keybs-scope': route.scope } : { security: [] }),
      ...(parameters.length > 0 && { parameters }),
      ...(route.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchema(route.body, 'input', components) } },
        },
      }),
      ...(route.upload && {
        requestBody: {
          required: true,
          content: { 'multipart/form-data': { schema: jsonSchema(route.upload, 'input', components) } },
        },
      }),
      responses,
    };
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'KeyBS Hub API',
      version,
      description: 'Order Know-Your-Business verifications of suppliers, poll them, and receive decisions.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: '`sk_test_…` or `sk_live_…`' },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** Codes that belong to particular endpoints only (listed in their `errors`). */
function isSpecific(code: string): boolean {
  return [
    'country_not_covered',
    'invalid_registration_id',
    'webhook_url_not_registered',
    'report_not_ready',
    'verification_not_cancellable',
    'service_unavailable',
    'route_not_found',
    'method_not_allowed',
  ].includes(code);
}
