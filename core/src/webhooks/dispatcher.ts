import type { SecretBox } from '../crypto/master-key.js';
import type { Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ClaimedDelivery, WebhookEndpointRecord } from '../store/webhook-records.js';
import type { WebhookStore } from '../store/webhook-store.js';
import { BackgroundLoop } from '../worker/background-loop.js';
import { settleWithin } from '../worker/settle.js';
import { deliveryHeaders } from './headers.js';
import { decide, type RetryPolicy } from './retry-policy.js';
import { sendWebhook } from './send.js';

export interface DispatcherOptions {
  policy: RetryPolicy;
  timeoutMs: number;
  /** Attempts in flight per endpoint: a slow or dead receiver holds at most this many slots. */
  perEndpoint: number;
  /** Attempts in flight in all. */
  maxInFlight: number;
  /** Live-mode deliveries may reach private addresses (`KEYBS_ALLOW_PRIVATE_WEBHOOKS=1`). */
  allowPrivate: boolean;
  pollMs: number;
}

const FAN_OUT_BATCH = 500;
/** Wake-ups closer together than this are merged, so a burst of events costs one fan-out transaction. */
const COALESCE_MS = 5;

/**
 * Delivers the event log to webhook endpoints. Its state is in the database: a cursor over the events
 * (fan-out happens in one transaction with the cursor move) and one row per delivery with its next attempt
 * time and a lock. After a restart or crash, whatever was pending or locked by the dead process is sent
 * again: at least once, with the same `X-KeyBS-Delivery`.
 */
export class WebhookDispatcher {
  private readonly loop: BackgroundLoop;
  private inFlight = 0;
  private readonly active = new Map<string, number>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly secrets = new Map<string, string>();

  constructor(
    private readonly store: WebhookStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly options: DispatcherOptions,
  ) {
    this.loop = new BackgroundLoop('webhook-dispatcher', logger, () => this.pass(), COALESCE_MS, options.pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** New events or a freed slot: look now. */
  notify(): void {
    this.loop.notify();
  }

  /** Stops taking work and gives attempts in flight a moment; unfinished ones are retried after a restart. */
  async stop(graceMs = 3_000): Promise<void> {
    await this.loop.stop();
    await settleWithin(this.tasks, graceMs);
  }

  /** The live signing secrets of an endpoint: the current one, and during a rotation the previous one. */
  secretsOf(endpoint: WebhookEndpointRecord, now: number): string[] {
    const open = (sealed: string) => {
      let plain = this.secrets.get(sealed);
      if (plain === undefined) {
        plain = this.box.open(sealed, endpoint.id);
        this.secrets.set(sealed, plain);
      }
      return plain;
    };
    const live = [open(endpoint.secret)];
    if (endpoint.previousSecret && (endpoint.previousSecretExpiresAt ?? 0) > now)
      live.push(open(endpoint.previousSecret));
    return live;
  }

  /** Fans new events out, starts what is due, and says how long to sleep. */
  private async pass(): Promise<number> {
    while ((await this.store.fanOut(this.clock.now(), FAN_OUT_BATCH, () => newId('del'))) === FAN_OUT_BATCH);
    await this.dispatchDue();
    const next = await this.store.nextDue();
    const now = this.clock.now();
    // Due but unclaimed work (slots full, or locked by an attempt in flight) is woken by the attempt's end.
    return next === null || next <= now ? this.options.pollMs : Math.min(this.options.pollMs, next - now);
  }

  private async dispatchDue(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight) return;
    const now = this.clock.now();
    for (const { endpointId } of await this.store.dueEndpoints(now)) {
      const free = Math.min(
        this.options.perEndpoint - (this.active.get(endpointId) ?? 0),
        this.options.maxInFlight - this.inFlight,
      );
      if (free <= 0) continue;
      const lockUntil = now + this.options.timeoutMs + 5_000;
      for (const claimed of await this.store.claim(endpointId, now, lockUntil, free)) this.launch(claimed);
    }
  }

  private launch(c: ClaimedDelivery): void {
    const id = c.endpoint.id;
    this.inFlight++;
    this.active.set(id, (this.active.get(id) ?? 0) + 1);
    const task = this.attempt(c)
      .catch((error) => this.logger.error({ err: error, delivery_id: c.delivery.id }, 'webhook attempt failed'))
      .finally(() => {
        this.inFlight--;
        this.active.set(id, (this.active.get(id) ?? 1) - 1);
        this.tasks.delete(task);
        this.notify();
      });
    this.tasks.add(task);
  }

  private async attempt({ delivery, endpoint, body }: ClaimedDelivery): Promise<void> {
    const started = this.clock.now();
    const timestamp = Math.floor(started / 1000);
    const headers = deliveryHeaders(
      delivery.eventType,
      delivery.eventId,
      body,
      this.secretsOf(endpoint, started),
      timestamp,
    );
    const result = await sendWebhook({
      url: endpoint.url,
      body,
      headers,
      timeoutMs: this.options.timeoutMs,
      guard: endpoint.livemode && !this.options.allowPrivate ? 'block_private' : 'none',
    });
    const now = this.clock.now();
    const decision = decide(
      {
        statusCode: result.statusCode,
        retryAfterSeconds: result.retryAfterSeconds,
        previousAttempts: delivery.attempts,
        failingSince: endpoint.failingSince,
        now,
      },
      this.options.policy,
    );
    await this.store.recordAttempt(
      delivery.id,
      endpoint.id,
      {
        attempt: {
          deliveryId: delivery.id,
          attempt: delivery.attempts + 1,
          attemptedAt: started,
          statusCode: result.statusCode,
          latencyMs: Math.round(result.latencyMs),
          error: result.error,
          responseBody: result.responseBody,
        },
        status: decision.status,
        nextAttemptAt: decision.nextAttemptAt,
        endpoint: { failingSince: decision.failingSince, disable: decision.disable },
      },
      now,
    );
    this.metrics.webhookAttempts.inc({ outcome: decision.status === 'succeeded' ? 'success' : 'failure' });
    this.metrics.webhookLatency.observe(result.latencyMs / 1000);
    if (decision.disable) {
      this.logger.warn({ endpoint_id: endpoint.id, reason: decision.disable }, 'webhook endpoint disabled');
    }
  }
}
