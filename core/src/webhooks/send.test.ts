import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, type SendRequest, sendWebhook } from './send.js';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/** A real receiver on 127.0.0.1:0 that records every connection and request it sees. */
async function startReceiver(respond: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      respond(req, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
  };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

function request(url: string, overrides: Partial<SendRequest> = {}): SendRequest {
  return { url, body: '{"hello":"world"}', headers: {}, timeoutMs: 5_000, guard: 'none', ...overrides };
}

/** A body whose every position is identifiable, so truncation is checked by content, not just length. */
function numberedBody(bytes: number): string {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${i},`;
  return text.slice(0, bytes);
}

describe('sendWebhook', () => {
  it('returns the status and the first 2048 bytes of a 10 KB response body', async () => {
    const body = numberedBody(10 * 1024);
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end(body));
    const result = await sendWebhook(request(`${receiver.url}/hook`));
    expect(result).toMatchObject({ statusCode: 200, error: null, retryAfterSeconds: null });
    expect(result.responseBody).toBe(body.slice(0, 2048));
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('returns a null body for an empty response', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(204).end());
    const result = await sendWebhook(request(receiver.url));
    expect(result).toMatchObject({ statusCode: 204, error: null, responseBody: null });
  });

  it('delivers the headers and body exactly as given, as a JSON POST', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end('ok'));
    const body = JSON.stringify({ id: 'evt_1', name: 'Zürich GmbH ✓' });
    await sendWebhook(
      request(`${receiver.url}/hooks/keybs?tenant=7`, {
        body,
        headers: {
          'X-KeyBS-Event': 'verification.completed',
          'X-KeyBS-Delivery': 'evt_1',
          'webhook-signature': 'v1,abc=',
          'Content-Type': 'text/plain', // ours wins: the payload is JSON
        },
      }),
    );
    expect(receiver.seen).toHaveLength(1);
    const [seen] = receiver.seen;
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/hooks/keybs?tenant=7');
    expect(seen?.body).toBe(body);
    expect(seen?.headers).toMatchObject({
      'x-keybs-event': 'verification.completed',
      'x-keybs-delivery': 'evt_1',
      'webhook-signature': 'v1,abc=',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'KeyBS-Webhooks/1.0',
    });
  });

  it('reads Retry-After as delta-seconds from a 500', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(500, { 'Retry-After': '120' }).end('busy'));
    const result = await sendWebhook(request(receiver.url));
    expect(result).toMatchObject({ statusCode: 500, error: null, responseBody: 'busy', retryAfterSeconds: 120 });
  });

  it('reads Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString(); // whole seconds, so up to 1 s early
    const receiver = await startReceiver((_req, res) => res.writeHead(503, { 'Retry-After': at }).end());
    const result = await sendWebhook(request(receiver.url));
    expect(result.statusCode).toBe(503);
    expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(115);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('gives up after timeoutMs against a receiver that never answers', async () => {
    const receiver = await startReceiver(() => {});
    const result = await sendWebhook(request(receiver.url, { timeoutMs: 200 }));
    expect(result).toMatchObject({ statusCode: null, error: 'timeout after 200 ms', responseBody: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(150);
    expect(result.latencyMs).toBeLessThan(1_000);
    expect(receiver.seen).toHaveLength(1);
  });

  it('counts a body that stalls after the headers against the timeout too', async () => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const result = await sendWebhook(request(receiver.url, { timeoutMs: 200 }));
    expect(result).toMatchObject({ statusCode: null, error: 'timeout after 200 ms' });
  });

  it('reports a refused connection', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const result = await sendWebhook(request(`http://127.0.0.1:${port}/hook`));
    expect(result).toMatchObject({ statusCode: null, error: 'connection refused (ECONNREFUSED)', responseBody: null });
  });

  it('reuses one keep-alive socket for sequential sends, after draining a body larger than it keeps', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end(numberedBody(10 * 1024)));
    const first = await sendWebhook(request(receiver.url));
    const second = await sendWebhook(request(receiver.url));
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(receiver.seen).toHaveLength(2);
    expect(receiver.connections()).toBe(1);
  });

  it('drops the socket instead of draining a body over 1 MiB', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    const receiver = await startReceiver((_req, res) => {
      res.on('error', () => {}); // the client hangs up mid-body, as intended
      res.writeHead(200, { 'content-length': String(big.length) }).end(big);
    });
    const first = await sendWebhook(request(receiver.url));
    expect(first).toMatchObject({ statusCode: 200, error: null, responseBody: 'x'.repeat(2048) });
    const second = await sendWebhook(request(receiver.url));
    expect(second.statusCode).toBe(200);
    expect(receiver.connections()).toBe(2);
  });

  it("with guard 'block_private', refuses 127.0.0.1 before connecting", async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end());
    const result = await sendWebhook(request(receiver.url, { guard: 'block_private' }));
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/blocked.*127\.0\.0\.1/);
    expect(receiver.seen).toHaveLength(0);
    expect(receiver.connections()).toBe(0);
  });

  it("with guard 'block_private', refuses a name that resolves to loopback at connect time", async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end());
    const result = await sendWebhook(request(`http://localhost:${receiver.port}/`, { guard: 'block_private' }));
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/blocked.*localhost.*ESSRF/);
    expect(receiver.connections()).toBe(0);
  });

  it("with guard 'none', never hands out a socket to a guarded request", async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(200).end());
    const open = await sendWebhook(request(`http://localhost:${receiver.port}/`));
    expect(open.statusCode).toBe(200);
    const guarded = await sendWebhook(request(`http://localhost:${receiver.port}/`, { guard: 'block_private' }));
    expect(guarded.error).toMatch(/blocked/);
    expect(receiver.seen).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    const receiver = await startReceiver((req, res) => {
      if (req.url === '/hook') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(200).end('followed');
    });
    const result = await sendWebhook(request(`${receiver.url}/hook`));
    expect(result).toMatchObject({ statusCode: 302, error: null });
    expect(receiver.seen.map((seen) => seen.url)).toEqual(['/hook']);
  });

  it('never throws, even for an unusable url', async () => {
    await expect(sendWebhook(request('not a url'))).resolves.toMatchObject({ statusCode: null, error: 'invalid url' });
    await expect(sendWebhook(request('ftp://example.com/'))).resolves.toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/scheme/),
    });
    await expect(
      sendWebhook(request('http://127.0.0.1:1/', { headers: { 'x-bad': 'line\r\nbreak' } })),
    ).resolves.toMatchObject({ statusCode: null, error: expect.stringMatching(/ERR_INVALID_CHAR/) });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [undefined, null],
    ['120', 120],
    [' 30 ', 30],
    ['0', 0],
    ['999999', 86_400],
    ['Thu, 01 Jan 2026 00:02:00 GMT', 120],
    ['Thursday, 01-Jan-26 00:02:00 GMT', 120],
    ['Thu Jan  1 00:02:00 2026', 120],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['Sat, 10 Jan 2026 00:00:00 GMT', 86_400],
    ['1.5', null],
    ['-5', null],
    ['soon', null],
    ['', null],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
