import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '@keybs/contract';
import { CoverageRow, ERRORS, Verification, WebhookDelivery, WebhookEndpoint } from '@keybs/contract';

/** A real HTTP server on port 0 that records every request and answers what the test scripts. */

export interface RecordedRequest {
  method: string;
  /** Path with query string, exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** `'hang'` never answers; `'drop'` closes the socket without an answer. */
export type Responder = (req: RecordedRequest, index: number) => Reply | 'hang' | 'drop';

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

let requestCounter = 0;

export async function startServer(responder: Responder): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = responder(recorded, requests.length - 1);
      if (reply === 'hang') return;
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      const requestId = `req_test${++requestCounter}`;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'X-Request-Id': requestId,
        ...reply.headers,
      });
      res.end(text.replaceAll('{{request_id}}', requestId));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A contract error body; its `request_id` is filled with the response's `X-Request-Id`. */
export function errorReply(code: ErrorCode, extra: { param?: string; headers?: Record<string, string> } = {}): Reply {
  const spec = ERRORS[code];
  return {
    status: spec.status,
    headers: extra.headers,
    body: { error: { type: spec.type, code, message: spec.message, param: extra.param, request_id: '{{request_id}}' } },
  };
}

/** A verification as the hub sends it; parsed by the contract so a wrong fixture fails loudly. */
export function verification(overrides: Partial<Verification> = {}): Verification {
  return Verification.parse({
    verification_id: 'KBS-VR-2026-000001',
    object: 'verification',
    status: 'in_progress',
    supplier: 'Acme Sdn Bhd',
    country_code: 'MY',
    registration_id: '201901000005',
    package: 'enhanced',
    external_ref: 'SUP-42',
    metadata: {},
    beneficiaries: [],
    webhook_url: null,
    livemode: false,
    country_tier: 2,
    estimated_sla: 'PT6H',
    due_at: '2026-05-27T17:04:00Z',
    confidence: null,
    assigned_reviewer: null,
    checks: [],
    decision: null,
    created_at: '2026-05-27T11:04:00Z',
    updated_at: '2026-05-27T11:04:00Z',
    ...overrides,
  });
}

export function coverageRow(overrides: Partial<CoverageRow> = {}): CoverageRow {
  return CoverageRow.parse({
    country_code: 'GG',
    name: 'Channel Islands',
    world_bank_code: 'CHI',
    tier: 2,
    median_turnaround: 'PT6H',
    turnaround_source: 'tier_default',
    registry_sources: [{ name: 'Guernsey Registry', url: 'https://www.greg.gg', access: 'manual' }],
    identifier_formats: [{ name: 'Company number', example: '12345', validated: false }],
    also_accepts: ['JE'],
    ...overrides,
  });
}

/** A webhook endpoint as the hub sends it (no `secret`: pass one to look like create / rotate-secret). */
export function webhookEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return WebhookEndpoint.parse({
    id: 'we_01',
    object: 'webhook_endpoint',
    url: 'https://example.com/keybs',
    events: ['status_changed', 'decision_issued'],
    description: null,
    status: 'enabled',
    disabled_reason: null,
    livemode: false,
    created_at: '2026-05-27T11:04:00Z',
    updated_at: '2026-05-27T11:04:00Z',
    previous_secret_expires_at: null,
    ...overrides,
  });
}

export function webhookDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return WebhookDelivery.parse({
    id: 'del_01',
    object: 'webhook_delivery',
    endpoint_id: 'we_01',
    event_id: 'evt_01',
    event_type: 'verification.status_changed',
    status: 'failed',
    attempt_count: 1,
    next_attempt_at: '2026-05-27T11:05:00Z',
    created_at: '2026-05-27T11:04:00Z',
    attempts: [
      {
        attempt: 1,
        attempted_at: '2026-05-27T11:04:00Z',
        status_code: 500,
        latency_ms: 42,
        error: null,
        response_body: 'oops',
      },
    ],
    ...overrides,
  });
}

/** A page of a list, in the contract's list shape. */
export function page<T>(data: T[], hasMore: boolean): Reply {
  return { status: 200, body: { data, has_more: hasMore } };
}
