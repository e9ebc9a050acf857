import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one hub instance (its own registry, so several hubs can share a process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'keybs_http_requests_total',
    help: 'HTTP requests by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'keybs_http_request_duration_seconds',
    help: 'HTTP request latency by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly verificationsOrdered = new Counter({
    name: 'keybs_verifications_ordered_total',
    help: 'Verifications ordered, by environment and package.',
    labelNames: ['env', 'package'] as const,
    registers: [this.registry],
  });
  readonly idempotentReplays = new Counter({
    name: 'keybs_idempotent_replays_total',
    help: 'Requests answered from a stored Idempotency-Key response.',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'keybs_rate_limited_total',
    help: 'Requests refused with 429.',
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'keybs_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookLatency = new Histogram({
    name: 'keybs_webhook_attempt_duration_seconds',
    help: 'Time from sending a webhook to its answer (or timeout).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'keybs_process_' });
  }
}
