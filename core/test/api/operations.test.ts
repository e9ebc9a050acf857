import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@keybs/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../src/api/openapi.js';
import { API_VERSION } from '../../src/api/routes/docs.js';
import { ROUTES } from '../../src/api/routes.js';
import { ORDER, startTestHub, type TestHub } from '../helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const root = new URL('../../../', import.meta.url);

describe('health and metrics', () => {
  it('/healthz and /readyz answer without auth', async () => {
    const h = await t.request('GET', '/healthz', { key: null });
    expect({ status: h.status, body: h.json }).toEqual({ status: 200, body: { status: 'ok' } });
    expect(h.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{16}$/);
    const r = await t.request('GET', '/readyz', { key: null });
    expect({ status: r.status, body: r.json }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('/metrics exposes request counts in Prometheus text', async () => {
    await t.request('POST', '/v1/verifications', { body: ORDER });
    const m = await t.request('GET', '/metrics', { key: null });
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(m.text).toMatch(/keybs_http_requests_total\{method="POST",route="\/v1\/verifications",status="201"\} \d+/);
    expect(m.text).toMatch(/keybs_verifications_ordered_total\{env="test",package="enhanced"\} \d+/);
    expect(m.text).toContain('keybs_http_request_duration_seconds_bucket');
  });
});

describe('API reference', () => {
  it('serves the OpenAPI document generated from the route schemas', async () => {
    const r = await t.request('GET', '/v1/openapi.json', { key: null });
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const create = r.json.paths['/v1/verifications'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/OrderVerificationRequest',
    );
    const order = r.json.components.schemas.OrderVerificationRequest;
    expect(order.required).toEqual(['supplier', 'country_code', 'registration_id']);
    expect(order.properties.package.enum).toEqual(['basic', 'standard', 'enhanced']);
    expect(Object.keys(r.json.paths)).toContain('/v1/verifications/{id}');
  });

  it('the committed core/openapi.json matches the generated document (run `npm run openapi`)', () => {
    const committed = JSON.parse(readFileSync(new URL('core/openapi.json', root), 'utf8'));
    expect(committed).toEqual(buildOpenApi(ROUTES, API_VERSION));
  });

  it('serves a readable reference page listing every endpoint and error code', async () => {
    const r = await t.request('GET', '/docs', { key: null });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    for (const route of ROUTES) expect(r.text).toContain(route.path.replace(/:([a-z_]+)/g, '{$1}'));
    for (const code of ERROR_CODES) expect(r.text).toContain(`id="error-${code}"`);
  });

  it('every error code is documented in docs/errors.md', () => {
    const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
    const missing = ERROR_CODES.filter((code) => !doc.includes(`### \`${code}\``));
    expect(missing).toEqual([]);
  });
});
