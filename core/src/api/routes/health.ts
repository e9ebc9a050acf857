import { z } from 'zod';
import { ApiError } from '../../domain/errors.js';
import { defineRoute } from '../route.js';

export const healthz = defineRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'healthz',
  summary: 'Liveness',
  description: 'Answers 200 while the process serves HTTP. No auth.',
  tag: 'Operations',
  scope: null,
  responses: [{ status: 200, description: 'Alive.', schema: z.object({ status: z.literal('ok') }) }],
  async handle() {
    return { status: 200, body: { status: 'ok' } };
  },
});

export const readyz = defineRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readyz',
  summary: 'Readiness',
  description: 'Answers 200 once migrations ran and the workers started, and 503 while starting or draining.',
  tag: 'Operations',
  scope: null,
  responses: [{ status: 200, description: 'Ready.', schema: z.object({ status: z.literal('ready') }) }],
  errors: ['service_unavailable'],
  async handle({ services }) {
    if (!services.ready()) throw new ApiError('service_unavailable');
    await services.store.ping();
    return { status: 200, body: { status: 'ready' } };
  },
});

export const metrics = defineRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics',
  description: 'Prometheus text exposition: request counts and latency, orders, replays, refusals, process stats.',
  tag: 'Operations',
  scope: null,
  responses: [{ status: 200, description: 'Prometheus text format 0.0.4.' }],
  async handle({ services }) {
    const registry = services.metrics.registry;
    return { status: 200, body: await registry.metrics(), contentType: registry.contentType };
  },
});
