import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * SAP Ariba on 127.0.0.1: the OAuth server and the Document Approval API, in their documented shapes.
 * - `POST /v2/oauth/token` with HTTP Basic (client id and secret) and `grant_type=client_credentials` →
 *   `{access_token, token_type, expires_in: 1440, refresh_token, scope}`; `{error, error_description}` with 401;
 * - `/api/approval/v2/prod/…` needs `Authorization: Bearer`, the application key header `apiKey`, and `realm`:
 *   `GET /pendingApprovables?realm&user&passwordAdapter&$top&$skip` → `[{approvableType, approvableId, …}]`
 *   (at most 100 a call); `GET /requisitions/{id}` → the requisition with `lineItems[].supplier` and
 *   `supplierLocation`; `PATCH /{approvableType}/{approvableId}` `{actionName: approve|deny|comment, user,
 *   passwordAdapter, comment}`. Errors as `{"message", "errorCode"}`.
 */

export const ARIBA_CLIENT_ID = '6f0c1e7d-ariba-client';
export const ARIBA_CLIENT_SECRET = 'ariba-fake-secret-91aa';
export const ARIBA_API_KEY = 'ariba-app-key-7c3f';
export const ARIBA_REALM = 'acme-T';
export const ARIBA_USER = 'keybs.approver';
export const API_PATH = '/api/approval/v2/prod';

export interface SeenCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface AribaSupplierInput {
  name: string;
  uniqueName: string;
  country?: string | null;
  /** Organization ids of the common supplier, e.g. `{domain: 'vatID', value: 'GB123'}`. */
  ids?: { domain: string; value: string }[];
}

export interface AribaRequisition {
  uniqueName: string;
  state: 'Submitted' | 'Approved' | 'Denied';
  approver: string;
  suppliers: AribaSupplierInput[];
  /** Every PATCH action taken on it, in order. */
  actions: { actionName: string; comment: string; user: string }[];
}

export class FakeAriba {
  readonly calls: SeenCall[] = [];
  readonly requisitions = new Map<string, AribaRequisition>();
  readonly tokens = new Set<string>();
  down = false;
  private next = 1;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** The `apiUrl` to configure. */
  get apiUrl(): string {
    return this.url + API_PATH;
  }

  static async start(): Promise<FakeAriba> {
    let fake: FakeAriba | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const f = fake as FakeAriba;
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
    fake = new FakeAriba(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** A submitted requisition waiting for `approver`; its uniqueName (`PR1`, `PR2`, …). */
  addRequisition(suppliers: AribaSupplierInput[], approver = ARIBA_USER): string {
    const uniqueName = `PR${this.next++}`;
    this.requisitions.set(uniqueName, { uniqueName, state: 'Submitted', approver, suppliers, actions: [] });
    return uniqueName;
  }

  private route(method: string, url: URL, headers: IncomingMessage['headers'], body: string, res: ServerResponse) {
    if (this.down) return json(res, 503, { message: 'Service Unavailable', errorCode: 'SERVICE_UNAVAILABLE' });
    if (method === 'POST' && url.pathname === '/v2/oauth/token') return this.token(headers, body, res);
    if (!url.pathname.startsWith(API_PATH)) return json(res, 404, { message: 'Not Found', errorCode: 'NOT_FOUND' });
    const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return json(res, 401, { message: 'Invalid access token', errorCode: '401' });
    if (headers.apikey !== ARIBA_API_KEY) return json(res, 401, { message: 'Invalid apiKey', errorCode: '401' });
    if (url.searchParams.get('realm') !== ARIBA_REALM) {
      return json(res, 400, {
        message: `Realm ${url.searchParams.get('realm')} is not known`,
        errorCode: 'INVALID_REALM',
      });
    }
    const path = url.pathname.slice(API_PATH.length);
    if (method === 'GET' && path === '/pendingApprovables') return this.pending(url.searchParams, res);
    const doc = /^\/(requisitions)\/([^/]+)$/.exec(path);
    const requisition = doc ? this.requisitions.get(decodeURIComponent(doc[2] ?? '')) : undefined;
    if (!doc || !requisition) return json(res, 404, { message: 'Approvable not found', errorCode: 'NOT_FOUND' });
    if (method === 'GET') return json(res, 200, this.present(requisition));
    if (method === 'PATCH') return this.act(requisition, body, res);
    return json(res, 405, { message: 'Method not allowed', errorCode: 'METHOD_NOT_ALLOWED' });
  }

  private token(headers: IncomingMessage['headers'], body: string, res: ServerResponse) {
    const basic = /^Basic (.+)$/i.exec(headers.authorization ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64')
      .toString('utf8')
      .split(':');
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    if (id !== ARIBA_CLIENT_ID || secret !== ARIBA_CLIENT_SECRET) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' });
    }
    const token = randomBytes(16).toString('hex');
    this.tokens.add(token);
    return json(res, 200, {
      access_token: token,
      refresh_token: randomBytes(16).toString('hex'),
      token_type: 'bearer',
      scope: null,
      expires_in: 1440,
    });
  }

  private pending(q: URLSearchParams, res: ServerResponse) {
    const user = q.get('user');
    const top = Math.min(100, Number(q.get('$top') ?? 100));
    const skip = Number(q.get('$skip') ?? 0);
    const waiting = [...this.requisitions.values()].filter((r) => r.state === 'Submitted' && r.approver === user);
    return json(
      res,
      200,
      waiting.slice(skip, skip + top).map((r) => ({
        approvableType: 'requisitions',
        approvableId: r.uniqueName,
        approvableUniqueName: r.uniqueName,
        title: `Requisition ${r.uniqueName}`,
        fullURL: `${this.url}/Buyer/Main/ad/webjumper?realm=${ARIBA_REALM}&itemID=${r.uniqueName}`,
      })),
    );
  }

  private present(r: AribaRequisition) {
    return {
      uniqueName: r.uniqueName,
      title: `Requisition ${r.uniqueName}`,
      realm: ARIBA_REALM,
      statusString: r.state,
      lineItems: r.suppliers.map((s, n) => ({
        numberInCollection: n + 1,
        supplier: {
          name: s.name,
          uniqueName: s.uniqueName,
          commonSupplier: { name: s.name, organizationIds: s.ids ?? [] },
        },
        supplierLocation: {
          name: `${s.name} HQ`,
          uniqueName: `${s.uniqueName}-L1`,
          country: s.country ? { uniqueName: s.country } : null,
        },
      })),
      comments: r.actions.filter((a) => a.comment).map((a) => ({ text: a.comment, user: { uniqueName: a.user } })),
    };
  }

  private act(r: AribaRequisition, body: string, res: ServerResponse) {
    const { actionName, user, comment } = JSON.parse(body || '{}') as Record<string, string>;
    if (user !== r.approver) {
      return json(res, 403, {
        message: `User ${user} is not an active approver of ${r.uniqueName}`,
        errorCode: 'NOT_APPROVER',
      });
    }
    if (r.state !== 'Submitted' && actionName !== 'comment') {
      return json(res, 400, { message: `${r.uniqueName} is already ${r.state}`, errorCode: 'INVALID_STATE' });
    }
    if (!['approve', 'deny', 'comment'].includes(actionName ?? '')) {
      return json(res, 400, { message: `Unknown actionName ${actionName}`, errorCode: 'INVALID_ACTION' });
    }
    r.actions.push({ actionName: actionName ?? '', comment: comment ?? '', user: user ?? '' });
    if (actionName === 'approve') r.state = 'Approved';
    if (actionName === 'deny') r.state = 'Denied';
    return json(res, 200, { status: 'OK', approvableId: r.uniqueName, state: r.state });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
