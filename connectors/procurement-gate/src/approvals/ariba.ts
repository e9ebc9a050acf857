import { z } from 'zod';
import type { AribaConfig } from '../config.js';
import { callJson, failure } from './http.js';
import { ClientCredentials } from './oauth.js';
import type { ApprovalSystem, PendingApproval, SupplierRecord } from './types.js';

const PAGE = 100; // pendingApprovables answers at most 100 documents a call

const Pending = z.object({ approvableType: z.string(), approvableId: z.string() });
const OrganizationId = z.object({ domain: z.string(), value: z.string() });
const Requisition = z.object({
  uniqueName: z.string(),
  lineItems: z
    .array(
      z.object({
        supplier: z
          .object({
            name: z.string(),
            uniqueName: z.string(),
            commonSupplier: z.object({ organizationIds: z.array(OrganizationId).default([]) }).nullish(),
          })
          .nullish(),
        supplierLocation: z.object({ country: z.object({ uniqueName: z.string() }).nullish() }).nullish(),
      }),
    )
    .default([]),
});
type Line = z.output<typeof Requisition>['lineItems'][number];

/** The supplier identifiers KeyBS can verify by, best first (Ariba's organization id domains). */
const REGISTRATION_DOMAINS = ['registrationNumber', 'vatID', 'taxID'];

function supplierOf(line: Line): SupplierRecord | null {
  if (!line.supplier) return null;
  const ids = line.supplier.commonSupplier?.organizationIds ?? [];
  const registration = REGISTRATION_DOMAINS.map((d) => ids.find((i) => i.domain === d)).find(Boolean);
  return {
    key: line.supplier.uniqueName,
    name: line.supplier.name,
    country: line.supplierLocation?.country?.uniqueName ?? null,
    registrationId: registration?.value ?? null,
  };
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`Ariba answered an unexpected ${what}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * SAP Ariba's Document Approval API as the approver `user` sees it: `GET /pendingApprovables`, the requisition's
 * details, and `PATCH /{approvableType}/{approvableId}` with `approve`, `deny` or a `comment`.
 */
export class AribaApprovals implements ApprovalSystem {
  readonly name = 'ariba' as const;
  private readonly auth: ClientCredentials;
  private readonly base: string;

  constructor(
    private readonly config: AribaConfig,
    now: () => number,
  ) {
    this.base = config.apiUrl.replace(/\/+$/, '');
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    this.auth = new ClientCredentials(
      {
        vendor: 'Ariba',
        tokenUrl: `${config.oauthUrl.replace(/\/+$/, '')}/v2/oauth/token`,
        form: { grant_type: 'client_credentials' },
        headers: { authorization: `Basic ${basic}` },
        timeoutMs: config.requestTimeoutMs,
      },
      now,
    );
  }

  private async api(
    method: 'GET' | 'PATCH',
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    const url = `${this.base}${path}?${new URLSearchParams({ realm: this.config.realm, ...query })}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.get(signal);
      const reply = await callJson('Ariba', {
        method,
        url,
        headers: { authorization: `Bearer ${token}`, apiKey: this.config.apiKey },
        body,
        timeoutMs: this.config.requestTimeoutMs,
        signal,
      });
      if (reply.status === 401 && attempt === 0) {
        this.auth.invalidate();
        continue;
      }
      if (reply.status >= 200 && reply.status < 300) return reply.body;
      throw failure('Ariba', { method, url }, reply);
    }
  }

  async pending(signal: AbortSignal): Promise<PendingApproval[]> {
    const { user, passwordAdapter } = this.config;
    const items: z.output<typeof Pending>[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const query = { user, passwordAdapter, $top: String(PAGE), $skip: String(skip) };
      const page = parse(z.array(Pending), await this.api('GET', '/pendingApprovables', query, signal), 'list');
      items.push(...page);
      if (page.length < PAGE) break;
    }
    const pending: PendingApproval[] = [];
    for (const item of items) {
      if (item.approvableType !== 'requisitions') continue; // the gate is about who may be bought from
      const path = `/requisitions/${encodeURIComponent(item.approvableId)}`;
      const requisition = parse(Requisition, await this.api('GET', path, {}, signal), 'requisition');
      const suppliers = new Map<string, SupplierRecord>();
      for (const line of requisition.lineItems) {
        const s = supplierOf(line);
        if (s && !suppliers.has(s.key)) suppliers.set(s.key, s);
      }
      pending.push({
        id: `requisitions/${item.approvableId}`,
        label: `requisition ${requisition.uniqueName}`,
        suppliers: [...suppliers.values()],
      });
    }
    return pending;
  }

  private async act(id: string, actionName: 'approve' | 'deny' | 'comment', comment: string, signal: AbortSignal) {
    const [type = '', approvableId = ''] = id.split('/');
    const { user, passwordAdapter } = this.config;
    const path = `/${encodeURIComponent(type)}/${encodeURIComponent(approvableId)}`;
    await this.api('PATCH', path, {}, signal, { actionName, user, passwordAdapter, comment, visibleToSupplier: false });
  }

  approve(id: string, note: string, signal: AbortSignal): Promise<void> {
    return this.act(id, 'approve', note, signal);
  }

  reject(id: string, note: string, signal: AbortSignal): Promise<void> {
    return this.act(id, 'deny', note, signal);
  }

  /** Ariba has no hold: the requisition stays pending with a comment saying why. */
  hold(id: string, note: string, signal: AbortSignal): Promise<void> {
    return this.act(id, 'comment', note, signal);
  }
}
