import type { AddressInfo } from 'node:net';
import { createPortal } from './app.js';

const hubUrl = process.env.KEYBS_URL ?? 'http://127.0.0.1:8080';
const apiKey = process.env.KEYBS_API_KEY ?? '';
if (apiKey === '') {
  console.error('Set KEYBS_API_KEY to a key of the hub (sk_test_… while trying it out).');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4100);

const portal = createPortal({ hubUrl, apiKey });
const server = portal.app.listen(port, '127.0.0.1', async () => {
  const { port: actual } = server.address() as AddressInfo;
  const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${actual}`;
  try {
    const { webhookId } = await portal.connect(publicUrl);
    console.log(`webhook ${webhookId} registered for ${publicUrl}/webhooks/keybs`);
  } catch (error) {
    console.error(`could not register the webhook with ${hubUrl}: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`procurement portal on http://127.0.0.1:${actual}/`);
});

function shutdown(): void {
  portal.close();
  server.close(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
