import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the receiver saw, recorded once its body was read and before it was answered. */
export interface ReceivedRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  path: string;
  /** Node's lower-cased headers. */
  headers: IncomingHttpHeaders;
  /** The raw body exactly as received. */
  body: string;
  /** Date.now() when the body had arrived. */
  at: number;
}

/** How to answer one request: a status, a full answer, or never answer at all. */
export type Answer = number | { status: number; body?: string; headers?: Record<string, string> } | 'hang';
/** A fixed answer, or one computed from the request (and its index). */
export type Behaviour = Answer | ((request: ReceivedRequest) => Answer);

/** A header value as one string (Node gives arrays only for repeated headers). */
export function headerOf(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The request body as JSON. */
export function jsonOf<T = any>(request: ReceivedRequest): T {
  return JSON.parse(request.body) as T;
}

interface Waiter {
  check(): boolean;
}

/**
 * A real webhook receiver: `node:http` on 127.0.0.1 (port 0 unless given), recording every request and
 * answering as scripted. `next(...)` queues one-shot answers used in arrival order; afterwards every request
 * gets `answer(...)`'s behaviour (default 200). `waitFor` is event-driven: it re-checks on each request.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private behaviour: Behaviour = 200;
  private readonly queued: Answer[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Starts listening; pass `port` to come back on the port of a receiver that was closed. */
  static async start(options: { port?: number; behaviour?: Behaviour } = {}): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!receiver) return;
        const request: ReceivedRequest = {
          index: receiver.requests.length,
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        receiver.requests.push(request);
        const answer = receiver.answerFor(request);
        receiver.notify();
        if (answer === 'hang') return;
        const { status, body = '', headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(body);
      });
    });
    server.on('connection', (socket) => {
      receiver?.sockets.add(socket);
      socket.on('close', () => receiver?.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    receiver = new Receiver(server, (server.address() as AddressInfo).port);
    if (options.behaviour !== undefined) receiver.behaviour = options.behaviour;
    return receiver;
  }

  /** A port that refuses connections now (a receiver that is down), for `start({ port })` later. */
  static async closedPort(): Promise<number> {
    const probe = await Receiver.start();
    await probe.close();
    return probe.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How every request is answered once the queued answers are used up. */
  answer(behaviour: Behaviour): this {
    this.behaviour = behaviour;
    return this;
  }

  /** One-shot answers for the next requests, in order. */
  next(...answers: Answer[]): this {
    this.queued.push(...answers);
    return this;
  }

  /** Requests carrying this `X-KeyBS-Event`. */
  ofEvent(event: string): ReceivedRequest[] {
    return this.requests.filter((r) => headerOf(r, 'x-keybs-event') === event);
  }

  /**
   * Resolves with the first truthy value `predicate` returns, checked now and after every request;
   * rejects after `ms` with a summary of what arrived.
   */
  waitFor<T>(predicate: (requests: ReceivedRequest[]) => T | undefined | null | false, ms = 5_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = predicate(this.requests);
          } catch (error) {
            done();
            reject(error);
            return true;
          }
          if (!value) return false;
          done();
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`receiver: condition not met within ${ms} ms; saw ${this.describe()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  /** A one-line summary of the requests seen, for failure messages. */
  describe(): string {
    const kinds = new Map<string, number>();
    for (const r of this.requests) {
      const k = headerOf(r, 'x-keybs-event') ?? `${r.method} ${r.path}`;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    return `${this.requests.length} requests (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'})`;
  }

  /** Stops listening and destroys every open socket, including those of requests left hanging. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await stopped;
  }

  private answerFor(request: ReceivedRequest): Answer {
    const queued = this.queued.shift();
    if (queued !== undefined) return queued;
    return typeof this.behaviour === 'function' ? this.behaviour(request) : this.behaviour;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }
}
