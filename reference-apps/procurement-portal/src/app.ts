import { type Decision, KeyBs, verifyWebhook, WebhookVerificationError } from '@keybs/sdk';
import express, { type Express, type Response } from 'express';
import { checkGate } from './gate-client.js';
import { OrderBook, type PurchaseOrder } from './orders.js';
import { PAGE } from './page.js';

export interface PortalOptions {
  hubUrl: string;
  /** A key with `verifications:read` (the gate) and `webhooks:write` (registering the endpoint). */
  apiKey: string;
}

export interface Portal {
  app: Express;
  orders: OrderBook;
  /** Registers `<publicUrl>/webhooks/keybs` for decisions with the hub, and keeps its secret. */
  connect(publicUrl: string): Promise<{ webhookId: string }>;
  /** Ends the open browser streams (so the server can close). */
  close(): void;
}

const KEEPALIVE_MS = 15_000;

export function createPortal(options: PortalOptions): Portal {
  const hub = { url: options.hubUrl.replace(/\/+$/, ''), apiKey: options.apiKey };
  const sdk = new KeyBs({ apiKey: options.apiKey, baseUrl: hub.url });
  const orders = new OrderBook();
  const streams = new Set<Response>();
  let secret: string | undefined;
  const app = express();

  // Creating a purchase order asks the gate first: an order for an unverified supplier is kept, blocked.
  app.post('/orders', express.json(), async (req, res) => {
    const { supplier_ref, description = '', amount = 0 } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof supplier_ref !== 'string' || supplier_ref.trim() === '' || typeof amount !== 'number') {
      res.status(422).json({ error: 'give supplier_ref (the supplier’s external_ref) and a numeric amount' });
      return;
    }
    const pending = { supplier_ref: supplier_ref.trim(), description: String(description), amount };
    try {
      const gate = await checkGate(hub, { external_ref: pending.supplier_ref, order_ref: 'new purchase order' });
      res.status(201).json(orders.add(pending, gate));
    } catch (error) {
      res.status(502).json({ error: (error as Error).message });
    }
  });

  app.get('/orders', (_req, res) => {
    res.json({ data: orders.list() });
  });

  // The browser's live view: every order now, then each change as it happens (Server-Sent Events).
  app.get('/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: snapshot\ndata: ${JSON.stringify(orders.list())}\n\n`);
    const unsubscribe = orders.subscribe((o: PurchaseOrder) =>
      res.write(`event: order\ndata: ${JSON.stringify(o)}\n\n`),
    );
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    streams.add(res);
    req.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(res);
    });
  });

  // A decision arrived: orders blocked for that supplier are asked again, and released if the gate now allows.
  app.post('/webhooks/keybs', express.raw({ type: 'application/json' }), async (req, res) => {
    if (!secret) {
      res.status(503).json({ error: 'not connected to a hub yet' });
      return;
    }
    let decision: Decision;
    try {
      decision = verifyWebhook({ body: req.body as Buffer, headers: req.headers, secret }) as Decision;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      res.status(400).json({ error: error.reason });
      return;
    }
    res.status(200).json({ received: true });
    if (req.get('x-keybs-event') !== 'verification.completed' || !decision.external_ref) return;
    for (const order of orders.blockedFor(decision.external_ref)) {
      checkGate(hub, { external_ref: order.supplier_ref, order_ref: order.id })
        .then((gate) => orders.update(order.id, gate))
        .catch((error: unknown) => console.error(`re-checking ${order.id} failed:`, error));
    }
  });

  app.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });

  return {
    app,
    orders,
    async connect(publicUrl) {
      const endpoint = await sdk.webhooks.create({
        url: `${publicUrl.replace(/\/+$/, '')}/webhooks/keybs`,
        events: ['decision_issued'],
        description: 'procurement portal (reference app)',
      });
      secret = endpoint.secret;
      return { webhookId: endpoint.id };
    },
    close() {
      for (const res of streams) res.end();
    },
  };
}
