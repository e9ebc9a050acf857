import { createSign } from 'node:crypto';
import type { SalesforceConfig } from './config.js';

export interface Session {
  accessToken: string;
  instanceUrl: string;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The JWT bearer assertion: RS256 over `{iss: clientId, sub: username, aud, exp}` (3 minutes). */
export function jwtAssertion(
  c: { clientId: string; username: string; privateKey: string; audience: string },
  now: number,
) {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64url(
    JSON.stringify({ iss: c.clientId, sub: c.username, aud: c.audience, exp: Math.floor(now / 1000) + 180 }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(c.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** A retry cannot fix these: the hub dead-letters at once. */
export class SalesforceAuthError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'SalesforceAuthError';
    this.retryable = retryable;
  }
}

/** Signs in: the configured access token, or a new one from the OAuth 2.0 token endpoint. */
export async function signIn(config: SalesforceConfig, now: number, signal?: AbortSignal): Promise<Session> {
  if (config.accessToken) return { accessToken: config.accessToken, instanceUrl: config.instanceUrl };
  const form = new URLSearchParams();
  if (config.clientSecret) {
    form.set('grant_type', 'client_credentials');
    form.set('client_id', config.clientId ?? '');
    form.set('client_secret', config.clientSecret);
  } else {
    form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    form.set(
      'assertion',
      jwtAssertion(
        {
          clientId: config.clientId ?? '',
          username: config.username ?? '',
          privateKey: config.privateKey ?? '',
          audience: config.audience,
        },
        now,
      ),
    );
  }
  const url = `${(config.loginUrl ?? config.instanceUrl).replace(/\/$/, '')}/services/oauth2/token`;
  const res = await fetch(url, { method: 'POST', body: form, signal: signal ?? null });
  const body = (await res.json().catch(() => ({}))) as Record<string, string | undefined>;
  if (!res.ok || !body.access_token) {
    const reason = `${body.error ?? `HTTP ${res.status}`}: ${body.error_description ?? 'no token'}`;
    // A refused client or grant stays refused; a 5xx may pass.
    throw new SalesforceAuthError(`Salesforce sign-in failed (${reason})`, res.status >= 500 || res.status === 429);
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url ?? config.instanceUrl };
}
