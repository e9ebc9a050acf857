import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Coupa instance on 127.0.0.1, answering in Coupa's documented JSON (the XML elements as dashed keys, no root
 * node; an empty array when a query matches nothing; errors as `{"errors":{field:[messages]}}`):
 * - `POST /oauth2/token`: OAuth 2.0 client credentials (form `client_id`, `client_secret`, `grant_type`, `scope`)
 *   → `{access_token, token_type, expires_in}`, or `{error, error_description}` with 400/401;
 * - every `/api/…` call needs `Authorization: Bearer` and the scope of the resource (`core.approval.read|write`,
 *   `core.requisition.read`, `core.supplier.read`), else 401 / 403;
 * - `GET /api/approvals` (filters `status`, `approvable-type`, `approver[login]`; `limit` ≤ 50, `offset`);
 *   `PUT /api/approvals/:id/approve|reject|hold` with `{note}` → the approval;
 * - `GET /api/requisitions/:id` (with `requisition-lines` and each line's `supplier`), `GET /api/suppliers/:id`.
 */

export const COUPA_CLIENT_ID = 'keybs-approver-client';
export const COUPA_CLIENT_SECRET = 'coupa-fake-secret-4be2';
export const COUPA_APPROVER = 'keybs-api';

export interface SeenCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CoupaApproval {
  id: number;
  status: 'pending_approval' | 'on_hold' | 'approved' | 'rejected';
  note: string | null;
  notes: { action: string; note: string }[];
  requisitionId: number;
  approverLogin: string;
}

export interface CoupaSupplierInput {
  name: string;
  country?: string | null;
  taxId?: string | null;
}

export class FakeCoupa {
  readonly calls: SeenCall[] = [];
  readonly approvals = new Map<number, CoupaApproval>();
  readonly requisitions = new Map<number, { id: number; supplierIds: number[] }>();
  readonly suppliers = new Map<number, { id: number; name: string; country: string | null; taxId: string | null }>();
  readonly grantedScopes = new Set([
    'core.approval.read',
    'core.approval.write',
    'core.requisition.read',
    'core.supplier.read',
  ]);
  readonly tokens = new Set<string>();
  /** While true, everything (the token endpoint too) answers 503. */
  down = false;
  /** Approval id → the 4xx Coupa answers to that action on it (a document Coupa refuses to act on). */
  readonly refuse = new Map<number, { action: 'approve' | 'reject' | 'hold'; status: number; message: string }>();
  private nextId = 100;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeCoupa> {
    let fake: FakeCoupa | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const f = fake as FakeCoupa;
        const url = new URL(req.url ?? '/', f.url);
        f.calls.push({
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
        });
        f.route(req.method ?? '', url, req.headers, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeCoupa(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** A submitted requisition from these suppliers, with an approval assigned to `approver`; its approval id. */
  addRequisition(suppliers: CoupaSupplierInput[], approver = COUPA_APPROVER): number {
    const supplierIds = suppliers.map((s) => {
      const existing = [...this.suppliers.values()].find((x) => x.name === s.name);
      if (existing) return existing.id;
      const id = this.nextId++;
      this.suppliers.set(id, { id, name: s.name, country: s.country ?? null, taxId: s.taxId ?? null });
      return id;
    });
    const requisitionId = this.nextId++;
    this.requisitions.set(requisitionId, { id: requisitionId, supplierIds });
    const id = this.nextId++;
    this.approvals.set(id, {
      id,
      status: 'pending_approval',
      note: null,
      notes: [],
      requisitionId,
      approverLogin: approver,
    });
    return id;
  }

  supplierId(name: string): number | undefined {
    return [...this.suppliers.values()].find((s) => s.name === name)?.id;
  }

  /** Calls that acted on approvals: `[id, action, note]`. */
  actions(): [number, string, string][] {
    return this.calls
      .filter((c) => c.method === 'PUT')
      .map((c) => {
        const m = /^\/api\/approvals\/(\d+)\/(\w+)$/.exec(c.path);
        return [Number(m?.[1]), m?.[2] ?? '', (JSON.parse(c.body || '{}') as { note?: string }).note ?? ''];
      });
  }

  private route(method: string, url: URL, headers: IncomingMessage['headers'], body: string, res: ServerResponse) {
    if (this.down) return json(res, 503, { errors: { service: ['Coupa is temporarily unavailable'] } });
    if (method === 'POST' && url.pathname === '/oauth2/token') return this.token(body, res);
    const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return json(res, 401, { errors: { authorization: ['Invalid token'] } });
    const path = url.pathname;
    if (method === 'GET' && path === '/api/approvals')
      return this.need(res, 'core.approval.read', () => this.list(url, res));
    const action = /^\/api\/approvals\/(\d+)\/(approve|reject|hold)$/.exec(path);
    if (method === 'PUT' && action) {
      return this.need(res, 'core.approval.write', () => this.act(Number(action[1]), action[2] ?? '', body, res));
    }
    const requisition = /^\/api\/requisitions\/(\d+)$/.exec(path);
    if (method === 'GET' && requisition) {
      return this.need(res, 'core.requisition.read', () => this.requisition(Number(requisition[1]), res));
    }
    const supplier = /^\/api\/suppliers\/(\d+)$/.exec(path);
    if (method === 'GET' && supplier) {
      return this.need(res, 'core.supplier.read', () => this.supplier(Number(supplier[1]), res));
    }
    return json(res, 404, { errors: { resource: ['Not found'] } });
  }

  private need(res: ServerResponse, scope: string, then: () => void) {
    if (!this.grantedScopes.has(scope)) return json(res, 403, { errors: { scope: [`requires ${scope}`] } });
    return then();
  }

  private token(body: string, res: ServerResponse) {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') {
      return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    if (form.get('client_id') !== COUPA_CLIENT_ID || form.get('client_secret') !== COUPA_CLIENT_SECRET) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = asked.filter((s) => !this.grantedScopes.has(s));
    if (unknown.length > 0) {
      return json(res, 400, { error: 'invalid_scope', error_description: `not granted: ${unknown.join(' ')}` });
    }
    const token = randomBytes(16).toString('hex');
    this.tokens.add(token);
    return json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 86_399 });
  }

  private presentApproval(a: CoupaApproval) {
    return {
      id: a.id,
      'created-at': '2026-05-01T09:00:00-07:00',
      'updated-at': '2026-05-01T09:00:00-07:00',
      position: 2,
      'approval-chain-id': 12,
      status: a.status,
      'approval-date': null,
      note: a.note,
      type: 'RequisitionChainApproval',
      'approvable-type': 'RequisitionHeader',
      'approvable-id': a.requisitionId,
      holdable: true,
      approver: { id: 77, login: a.approverLogin, email: `${a.approverLogin}@example.com` },
    };
  }

  private list(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const limit = Math.min(50, Number(q.get('limit') ?? 50));
    const offset = Number(q.get('offset') ?? 0);
    const matching = [...this.approvals.values()].filter(
      (a) =>
        (!q.get('status') || a.status === q.get('status')) &&
        (!q.get('approvable-type') || q.get('approvable-type') === 'RequisitionHeader') &&
        (!q.get('approver[login]') || a.approverLogin === q.get('approver[login]')),
    );
    return json(
      res,
      200,
      matching.slice(offset, offset + limit).map((a) => this.presentApproval(a)),
    );
  }

  private act(id: number, action: string, body: string, res: ServerResponse) {
    const approval = this.approvals.get(id);
    if (!approval) return json(res, 404, { errors: { approval: ['Not found'] } });
    const refused = this.refuse.get(id);
    if (refused?.action === action) return json(res, refused.status, { errors: { approval: [refused.message] } });
    if (approval.status !== 'pending_approval' && approval.status !== 'on_hold') {
      return json(res, 422, { errors: { approval: [`is ${approval.status} and cannot be changed`] } });
    }
    const note = (JSON.parse(body || '{}') as { note?: string }).note ?? '';
    approval.status = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'on_hold';
    approval.note = note;
    approval.notes.push({ action, note });
    return json(res, 200, this.presentApproval(approval));
  }

  private requisition(id: number, res: ServerResponse) {
    const r = this.requisitions.get(id);
    if (!r) return json(res, 404, { errors: { requisition: ['Not found'] } });
    return json(res, 200, {
      id: r.id,
      status: 'pending_approval',
      'requisition-lines': r.supplierIds.map((sid, n) => ({
        id: r.id * 100 + n,
        'line-num': n + 1,
        description: `Line ${n + 1}`,
        supplier: { id: sid, name: this.suppliers.get(sid)?.name },
      })),
    });
  }

  private supplier(id: number, res: ServerResponse) {
    const s = this.suppliers.get(id);
    if (!s) return json(res, 404, { errors: { supplier: ['Not found'] } });
    return json(res, 200, {
      id: s.id,
      name: s.name,
      status: 'active',
      'tax-id': s.taxId,
      'primary-address': s.country ? { id: s.id + 5000, country: { id: 1, code: s.country } } : null,
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
