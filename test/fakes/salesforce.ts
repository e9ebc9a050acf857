import { createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Salesforce org on 127.0.0.1, answering in Salesforce's documented formats:
 * - `POST /services/oauth2/token` (client credentials; JWT bearer checked against `jwtPublicKey`) →
 *   `{access_token, instance_url, token_type, issued_at}`, or `{error, error_description}` with 400;
 * - REST errors as `[{"message","errorCode"}]` (401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED,
 *   503 SERVER_UNAVAILABLE);
 * - `PATCH /services/data/vXX.X/composite/sobjects` (sObject Collections update): at most 200 records
 *   (else 400 EXCEEDED_ID_LIMIT), one SaveResult `{id, success, errors:[{statusCode, message, fields}]}` per
 *   record (INVALID_FIELD for a field Account lacks, ENTITY_IS_DELETED for a deleted Account);
 * - `GET /services/data/vXX.X/limits` and the Metadata API's SOAP `upsertMetadata` for CustomField.
 */

export interface SeenCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export const CLIENT_ID = '3MVG9fake.client.id';
export const CLIENT_SECRET = 'fake-client-secret-7d1e';
export const JWT_USERNAME = 'integration@keybs.example';

export class FakeSalesforce {
  readonly calls: SeenCall[] = [];
  /** Accounts by Id: their fields as last written. */
  readonly accounts = new Map<string, Record<string, unknown>>();
  readonly deleted = new Set<string>();
  /** Fields that exist on Account; anything else written → INVALID_FIELD. */
  readonly fields = new Set<string>([
    'Name',
    'Verified_by_KeyBS__c',
    'KeyBS_Trust_Score__c',
    'KeyBS_Risk_Band__c',
    'KeyBS_Recommendation__c',
    'KeyBS_Verification_Id__c',
    'KeyBS_Report_URL__c',
    'KeyBS_Verified_At__c',
  ]);
  /** CustomField full names created through the Metadata API. */
  readonly createdFields: string[] = [];
  readonly tokens = new Set<string>(['00Dfake!static-token']);
  /** While true, every REST call answers 503. */
  down = false;
  /** The next N REST calls answer 403 REQUEST_LIMIT_EXCEEDED. */
  limitExceeded = 0;
  /** Per-call latency, to model a real org's round trip. */
  latencyMs = 0;
  jwtPublicKey: string | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSalesforce> {
    let fake: FakeSalesforce | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const f = fake as FakeSalesforce;
        const path = new URL(req.url ?? '/', f.url).pathname;
        f.calls.push({ method: req.method ?? '', path, headers: req.headers, body });
        const answer = () => f.route(req.method ?? '', path, req.headers, body, res);
        if (f.latencyMs > 0) setTimeout(answer, f.latencyMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeSalesforce(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  /** Adds Accounts with these ids (and a name). */
  seed(...ids: string[]): void {
    for (const id of ids) this.accounts.set(id, { Id: id, Name: `Account ${id}` });
  }

  /** sObject Collections calls seen (each one PATCH of up to 200 records). */
  collectionCalls(): SeenCall[] {
    return this.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith('/composite/sobjects'));
  }

  private route(method: string, path: string, headers: IncomingMessage['headers'], body: string, res: ServerResponse) {
    if (method === 'POST' && path === '/services/oauth2/token') return this.token(body, res);
    if (path.startsWith('/services/Soap/m/')) return this.metadata(body, res);
    if (!this.authorised(headers)) {
      return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (this.down) {
      return json(res, 503, [{ message: 'Server is unavailable. Try again later.', errorCode: 'SERVER_UNAVAILABLE' }]);
    }
    if (this.limitExceeded > 0) {
      this.limitExceeded--;
      return json(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    const rest = /^\/services\/data\/v(\d+\.\d)\/(.*)$/.exec(path);
    if (!rest) return json(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    const resource = rest[2];
    if (method === 'GET' && resource === 'limits')
      return json(res, 200, { DailyApiRequests: { Max: 15000, Remaining: 14999 } });
    if (method === 'PATCH' && resource === 'composite/sobjects') return this.updateCollection(body, res);
    return json(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  }

  private authorised(headers: IncomingMessage['headers']): boolean {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    return token !== undefined && this.tokens.has(token);
  }

  private issue(res: ServerResponse) {
    const token = `00Dfake!${randomBytes(12).toString('hex')}`;
    this.tokens.add(token);
    return json(res, 200, {
      access_token: token,
      instance_url: this.url,
      id: `${this.url}/id/00Dfake/005fake`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(16).toString('base64'),
    });
  }

  private token(body: string, res: ServerResponse) {
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      if (form.get('client_id') === CLIENT_ID && form.get('client_secret') === CLIENT_SECRET) return this.issue(res);
      return json(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    }
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const claims = this.jwtClaims(form.get('assertion') ?? '');
      if (claims?.iss === CLIENT_ID && claims.sub === JWT_USERNAME && claims.exp * 1000 > Date.now())
        return this.issue(res);
      return json(res, 400, { error: 'invalid_grant', error_description: 'invalid assertion' });
    }
    return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  }

  private jwtClaims(assertion: string): { iss: string; sub: string; aud: string; exp: number } | undefined {
    const [header, claims, signature] = assertion.split('.');
    if (!header || !claims || !signature || !this.jwtPublicKey) return undefined;
    const ok = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(createPublicKey(this.jwtPublicKey), Buffer.from(signature, 'base64url'));
    return ok ? JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) : undefined;
  }

  private updateCollection(body: string, res: ServerResponse) {
    const { records } = JSON.parse(body) as { allOrNone: boolean; records: Record<string, unknown>[] };
    if (records.length > 200) {
      return json(res, 400, [
        {
          message: 'record limit reached. cannot submit more than 200 records into this call',
          errorCode: 'EXCEEDED_ID_LIMIT',
        },
      ]);
    }
    const results = records.map((r) => {
      const { id, attributes: _attributes, ...fields } = r as { id: string; attributes: unknown };
      const unknown = Object.keys(fields).filter((f) => !this.fields.has(f));
      if (unknown.length > 0) {
        const message = `No such column '${unknown[0]}' on sobject of type Account`;
        return { id, success: false, errors: [{ statusCode: 'INVALID_FIELD', message, fields: [] }] };
      }
      if (this.deleted.has(id)) {
        return {
          id,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      }
      const account = this.accounts.get(id);
      if (!account) {
        const message = 'invalid cross reference id';
        return { id, success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message, fields: [] }] };
      }
      Object.assign(account, fields);
      return { id, success: true, errors: [] };
    });
    return json(res, 200, results);
  }

  /** The Metadata API's SOAP `upsertMetadata` of CustomFields: each `<fullName>` is created (or updated). */
  private metadata(body: string, res: ServerResponse) {
    const session = /<sessionId>([^<]+)<\/sessionId>/.exec(body)?.[1];
    if (!session || !this.tokens.has(session)) {
      return soap(
        res,
        500,
        `<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader</faultstring></soapenv:Fault>`,
      );
    }
    const names = [...body.matchAll(/<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1] as string);
    const results = names.map((fullName) => {
      const field = fullName.split('.')[1] ?? fullName;
      const created = !this.fields.has(field);
      this.fields.add(field);
      this.createdFields.push(fullName);
      return `<result><created>${created}</created><fullName>${fullName}</fullName><success>true</success></result>`;
    });
    return soap(res, 200, `<upsertMetadataResponse>${results.join('')}</upsertMetadataResponse>`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function soap(res: ServerResponse, status: number, inner: string): void {
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`,
  );
}
