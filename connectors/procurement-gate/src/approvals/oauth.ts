import { callJson, failure } from './http.js';
import { VendorError } from './vendor-error.js';

export interface TokenRequest {
  vendor: string;
  tokenUrl: string;
  /** The form fields (grant_type and, for Coupa, client_id/client_secret/scope). */
  form: Record<string, string>;
  /** Extra headers (Ariba: HTTP Basic with the client id and secret). */
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** How long before its expiry a token is renewed, so a call never starts with one about to lapse. */
const EARLY_MS = 60_000;

/** OAuth 2.0 client credentials: one token at a time, renewed before it expires or when a call says 401. */
export class ClientCredentials {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly request: TokenRequest,
    private readonly now: () => number,
  ) {}

  async get(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt - EARLY_MS > this.now()) return this.token.value;
    this.pending ??= this.fetch(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the token (the system answered 401: revoked or expired early). */
  invalidate(): void {
    this.token = undefined;
  }

  private async fetch(signal?: AbortSignal): Promise<string> {
    const { vendor, tokenUrl, form, headers, timeoutMs } = this.request;
    const call = { method: 'POST' as const, url: tokenUrl };
    const reply = await callJson(vendor, { ...call, form: new URLSearchParams(form), headers, timeoutMs, signal });
    const body = (reply.body ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (reply.status !== 200 || typeof body.access_token !== 'string') {
      const error = failure(vendor, call, reply);
      // A refused client or scope stays refused until someone fixes the config: no retry helps.
      throw new VendorError(`${vendor} sign-in failed: ${error.message}`, error.retryable, reply.status);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAt: this.now() + seconds * 1000 };
    return body.access_token;
  }
}
