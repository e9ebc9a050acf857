import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake registry saw. */
export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Node's lower-cased headers. */
  headers: IncomingHttpHeaders;
}

/** A reply a fake registry sends: JSON with a status and headers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the next requests get instead of the documented answer. */
export type Trouble = 429 | 500 | 502 | 503 | 'hang';

/**
 * A real `node:http` server on 127.0.0.1, port 0, recording every request. `fail(n, trouble)` makes the next
 * n requests answer 429 / 5xx or never answer; afterwards `route` answers. The vendor fakes build on it.
 */
export class FakeRegistryServer {
  readonly requests: SeenRequest[] = [];
  private readonly trouble: Trouble[] = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(route: (request: SeenRequest) => FakeReply, troubleBody: (t: number) => unknown) {
    let fake: FakeRegistryServer | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
        fake?.requests.push(request);
        const trouble = fake?.trouble.shift();
        if (trouble === 'hang') return;
        if (trouble !== undefined) {
          const headers: Record<string, string> = trouble === 429 ? { 'retry-after': '300' } : {};
          return send(res, { status: trouble, body: troubleBody(trouble), headers });
        }
        send(res, route(request));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeRegistryServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The next `count` requests get `trouble` instead of their answer. */
  fail(count: number, trouble: Trouble): void {
    for (let i = 0; i < count; i++) this.trouble.push(trouble);
  }

  async close(): Promise<void> {
    this.trouble.length = 0;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, reply: FakeReply): void {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(body);
}
