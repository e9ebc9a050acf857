import { z } from 'zod';

const adapterBase = {
  /** Which KeyBS environment the adapter checks and orders in (a test-mode Coupa sandbox: `test`). */
  environment: z.enum(['live', 'test']).default('live'),
  /** The package of the verifications it orders for unverified suppliers. */
  package: z.enum(['basic', 'standard', 'enhanced']).default('standard'),
  /** How often it looks for approvals assigned to it (node-cron; 6 fields for seconds). */
  pollCron: z.string().min(1).default('* * * * *'),
  /** Milliseconds before a call to the system is abandoned (and tried again later). */
  requestTimeoutMs: z.number().int().min(100).default(20_000),
};

/**
 * Coupa: OAuth 2.0 client credentials against `<instanceUrl>/oauth2/token`; the client's login must be the
 * approver the approval chain names (`approverLogin`).
 */
export const CoupaConfig = z
  .object({
    instanceUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z
      .string()
      .regex(/^[a-z_.]+( [a-z_.]+)*$/, 'must be space-separated Coupa scopes')
      .default('core.approval.read core.approval.write core.requisition.read core.supplier.read'),
    approverLogin: z.string().min(1),
    ...adapterBase,
  })
  .strict();
export type CoupaConfig = z.output<typeof CoupaConfig>;

/**
 * SAP Ariba Document Approval API: OAuth 2.0 client credentials against `<oauthUrl>/v2/oauth/token` (HTTP Basic),
 * plus the application key on every call; approves as `user` of `passwordAdapter` in `realm`.
 */
export const AribaConfig = z
  .object({
    /** The API's base, e.g. https://openapi.ariba.com/api/approval/v2/prod */
    apiUrl: z.url(),
    /** The OAuth server, e.g. https://api.ariba.com */
    oauthUrl: z.url(),
    realm: z.string().min(1),
    apiKey: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    user: z.string().min(1),
    passwordAdapter: z.string().min(1).default('PasswordAdapter1'),
    ...adapterBase,
  })
  .strict();
export type AribaConfig = z.output<typeof AribaConfig>;

/** `{"threshold":0.8, "coupa":{…}?, "ariba":{…}?}` (contract §8). */
export const GateConfig = z
  .object({
    threshold: z.number().min(0).max(1).default(0.8),
    coupa: CoupaConfig.optional(),
    ariba: AribaConfig.optional(),
  })
  .strict();
export type GateConfig = z.output<typeof GateConfig>;
