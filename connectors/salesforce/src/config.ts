import { z } from 'zod';

/**
 * The plugin's config (contract §8): the org's `instanceUrl` and `apiVersion`, and one way to authenticate:
 * an `accessToken`; OAuth 2.0 client credentials (`clientId` + `clientSecret`); or the JWT bearer flow
 * (`clientId` + `username` + `privateKey`, a PEM RSA key whose certificate the connected app holds).
 */
export const SalesforceConfig = z
  .object({
    instanceUrl: z.url(),
    apiVersion: z
      .string()
      .regex(/^\d{2,3}\.0$/, 'must look like "62.0"')
      .default('62.0'),
    accessToken: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    privateKey: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
    /** Where OAuth tokens are asked for (default: `instanceUrl`, the org's My Domain, which client credentials need). */
    loginUrl: z.url().optional(),
    /** The JWT `aud` (default https://login.salesforce.com; https://test.salesforce.com for sandboxes). */
    audience: z.url().default('https://login.salesforce.com'),
    /** Whose decisions to sync: live mode, test mode, or both. */
    environments: z
      .array(z.enum(['live', 'test']))
      .min(1)
      .default(['live', 'test']),
    /** Records per sObject Collections call (Salesforce's limit is 200). */
    batchSize: z.number().int().min(1).max(200).default(200),
    /** Milliseconds before a Salesforce call is abandoned (and retried later). */
    requestTimeoutMs: z.number().int().min(100).default(20_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    const modes = [
      c.accessToken !== undefined,
      c.clientSecret !== undefined,
      c.privateKey !== undefined || c.username !== undefined,
    ].filter(Boolean).length;
    if (modes !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'give exactly one way to sign in: accessToken, clientId + clientSecret, or clientId + username + privateKey',
      });
    }
    if (c.clientSecret !== undefined && c.clientId === undefined)
      ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'is required with clientSecret' });
    if ((c.privateKey !== undefined || c.username !== undefined) && !(c.clientId && c.username && c.privateKey))
      ctx.addIssue({
        code: 'custom',
        path: ['privateKey'],
        message: 'JWT bearer needs clientId, username and privateKey',
      });
  });
export type SalesforceConfig = z.output<typeof SalesforceConfig>;
