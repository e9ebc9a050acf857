import { verifyWebhook, WebhookVerificationError } from '@keybs/sdk';
import type { ErrorRequestHandler, Express, Request } from 'express';
import express from 'express';
import type { StoredEvent } from './event-store.js';
import { openEventStore } from './event-store.js';

export type { StoredEvent } from './event-store.js';

export interface ReceiverOptions {
  /** The endpoint secret (`whsec_…`); during a rotation, the old and the new one. */
  secrets: string[];
  /** SQLite file holding the received events. */
  dbFile: string;
  /** How far the signature timestamp may be from now; the SDK's default is 300 s. */
  toleranceSeconds?: number;
  /**
   * Your work on a new event. It runs after the 200 has been sent, so slow work never makes the hub
   * time out and redeliver. Not called for redeliveries of a stored event.
   */
  onEvent?: (event: StoredEvent) => void | Promise<void>;
}

/** The Express app, plus a way to close its database when you are done with it. */
export type Receiver = Express & { closeStore(): void };

const EVENTS_LIMIT = 50;

function headerValue(req: Request, name: string): string | undefined {
  const value = req.get(name);
  return value === undefined || value === '' ? undefined : value;
}

function verificationIdOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const id = (payload as { verification_id?: unknown }).verification_id;
  return typeof id === 'string' ? id : null;
}

export function createReceiver(options: ReceiverOptions): Receiver {
  if (options.secrets.length === 0) throw new Error('createReceiver needs at least one webhook secret');
  const store = openEventStore(options.dbFile);
  const app = express();

  // The raw bytes, not parsed JSON: the signature is over the exact body, and re-serialising parsed JSON
  // would change whitespace or key order and break it.
  app.post('/webhooks/keybs', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    if (!Buffer.isBuffer(req.body)) {
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send Content-Type: application/json.' });
      return;
    }
    let payload: unknown;
    try {
      payload = verifyWebhook({
        body: req.body,
        headers: req.headers,
        secret: options.secrets,
        toleranceSeconds: options.toleranceSeconds,
      });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      res.status(400).json({ error: error.reason, message: error.message });
      return;
    }

    // The hub sends the same id on every retry of an event; both header schemes carry it.
    const deliveryId = headerValue(req, 'x-keybs-delivery') ?? headerValue(req, 'webhook-id');
    if (deliveryId === undefined) {
      res.status(400).json({ error: 'missing_delivery_id', message: 'No X-KeyBS-Delivery or webhook-id header.' });
      return;
    }
    const event: StoredEvent = {
      delivery_id: deliveryId,
      event: headerValue(req, 'x-keybs-event') ?? null,
      verification_id: verificationIdOf(payload),
      payload,
      received_at: new Date().toISOString(),
    };
    if (!store.insert(event)) {
      res.status(200).json({ duplicate: true });
      return;
    }
    res.status(200).json({ received: true });

    // Acknowledge first, work after. A real app would hand the stored row to a job queue (or have a worker
    // poll the table), so work survives a crash between the 200 and its end; this in-process hook shows where.
    const { onEvent } = options;
    if (onEvent !== undefined) {
      setImmediate(() => {
        Promise.resolve()
          .then(() => onEvent(event))
          .catch((error: unknown) => console.error(`onEvent failed for ${event.delivery_id}:`, error));
      });
    }
  });

  // So a person can see what arrived.
  app.get('/events', (_req, res) => {
    res.json({ data: store.list(EVENTS_LIMIT) });
  });

  // Body-parser errors (too large, malformed) as short JSON instead of Express's HTML page.
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status === 500) console.error(error);
    res.status(status).json({ error: status === 500 ? 'internal_error' : (error.type ?? 'bad_request') });
  };
  app.use(onError);

  return Object.assign(app, { closeStore: () => store.close() });
}
