import type { AddressInfo } from 'node:net';
import { createReceiver } from './app.js';

// KEYBS_WEBHOOK_SECRET holds one secret, or two comma-separated during a rotation.
const secrets = (process.env.KEYBS_WEBHOOK_SECRET ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '');
if (secrets.length === 0) {
  console.error('Set KEYBS_WEBHOOK_SECRET to the endpoint secret (whsec_…) the hub showed when you registered it.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(1);
}
const dbFile = process.env.DB_FILE ?? './webhook-events.db';

const receiver = createReceiver({
  secrets,
  dbFile,
  onEvent: (event) => console.log(`${event.event ?? 'event'} ${event.delivery_id} ${event.verification_id ?? ''}`),
});
const server = receiver.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`receiver listening on http://127.0.0.1:${actual}/webhooks/keybs`);
});

function shutdown(): void {
  server.close(() => {
    receiver.closeStore();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
