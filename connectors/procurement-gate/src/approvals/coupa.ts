import { z } from 'zod';
import type { CoupaConfig } from '../config.js';
import { callJson, failure } from './http.js';
import { ClientCredentials } from './oauth.js';
import type { ApprovalSystem, PendingApproval, SupplierRecord } from './types.js';

const PAGE = 50; // Coupa answers at most 50 records a call

// Coupa's JSON: the XML elements as dashed keys, no root node (Coupa: "Differences between XML and JSON").
const Approval = z.object({
  id: z.number(),
  status: z.string(),
  'approvable-type': z.string(),
  'approvable-id': z.number(),
});
const Requisition = z.object({
  id: z.number(),
  'requisition-lines': z
    .array(z.object({ supplier: z.object({ id: z.number(), name: z.string() }).nullish() }))
    .default([]),
});
const Supplier = z.object({
  id: z.number(),
  name: z.string(),
  'tax-id': z.string().nullish(),
  'primary-address': z.object({ country: z.object({ code: z.string() }).nullish() }).nullish(),
});

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`Coupa answered an unexpected ${what}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Coupa as the API approver sees it (Approvals, Requisitions and Suppliers APIs): the approvals assigned to
 * `approverLogin`, acted on through `PUT /api/approvals/:id/approve|reject|hold` with a note.
 */
export class CoupaApprovals implements ApprovalSystem {
  readonly name = 'coupa' as const;
  private readonly auth: ClientCredentials;
  private readonly base: string;

  constructor(
    private readonly config: CoupaConfig,
    now: () => number,
  ) {
    this.base = config.instanceUrl.replace(/\/+$/, '');
    this.auth = new ClientCredentials(
      {
        vendor: 'Coupa',
        tokenUrl: `${this.base}/oauth2/token`,
        form: {
          grant_type: 'client_credentials',
          client_id: config.clientId,
          client_secret: config.clientSecret,
          scope: config.scope,
        },
        timeoutMs: config.requestTimeoutMs,
      },
      now,
    );
  }

  /** One call with the bearer token; a 401 renews the token once (revoked or expired early). */
  private async api(method: 'GET' | 'PUT', path: string, signal: AbortSignal, body?: unknown): Promise<unknown> {
    const url = this.base + path;
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.get(signal);
      const reply = await callJson('Coupa', {
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        body,
        timeoutMs: this.config.requestTimeoutMs,
        signal,
      });
      if (reply.status === 401 && attempt === 0) {
        this.auth.invalidate();
        continue;
      }
      if (reply.status >= 200 && reply.status < 300) return reply.body;
      throw failure('Coupa', { method, url }, reply);
    }
  }

  async pending(signal: AbortSignal): Promise<PendingApproval[]> {
    const approvals: z.output<typeof Approval>[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const query = new URLSearchParams({
        status: 'pending_approval',
        'approvable-type': 'RequisitionHeader',
        'approver[login]': this.config.approverLogin,
        limit: String(PAGE),
        offset: String(offset),
      });
      const page = parse(z.array(Approval), await this.api('GET', `/api/approvals?${query}`, signal), 'approval list');
      approvals.push(...page);
      if (page.length < PAGE) break;
    }
    const suppliers = new Map<number, Promise<SupplierRecord>>();
    const supplier = (id: number) => {
      let found = suppliers.get(id);
      if (!found) {
        found = this.supplier(id, signal);
        suppliers.set(id, found);
      }
      return found;
    };
    const pending: PendingApproval[] = [];
    for (const approval of approvals) {
      const id = approval['approvable-id'];
      const requisition = parse(Requisition, await this.api('GET', `/api/requisitions/${id}`, signal), 'requisition');
      const ids = new Set(requisition['requisition-lines'].flatMap((l) => (l.supplier ? [l.supplier.id] : [])));
      pending.push({
        id: String(approval.id),
        label: `requisition ${requisition.id}`,
        suppliers: await Promise.all([...ids].map(supplier)),
      });
    }
    return pending;
  }

  private async supplier(id: number, signal: AbortSignal): Promise<SupplierRecord> {
    const s = parse(Supplier, await this.api('GET', `/api/suppliers/${id}`, signal), 'supplier');
    return {
      key: String(s.id),
      name: s.name,
      country: s['primary-address']?.country?.code ?? null,
      registrationId: s['tax-id'] || null,
    };
  }

  async approve(id: string, note: string, signal: AbortSignal): Promise<void> {
    await this.api('PUT', `/api/approvals/${encodeURIComponent(id)}/approve`, signal, { note });
  }

  async reject(id: string, note: string, signal: AbortSignal): Promise<void> {
    await this.api('PUT', `/api/approvals/${encodeURIComponent(id)}/reject`, signal, { note });
  }

  async hold(id: string, note: string, signal: AbortSignal): Promise<void> {
    await this.api('PUT', `/api/approvals/${encodeURIComponent(id)}/hold`, signal, { note });
  }
}
