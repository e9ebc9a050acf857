import { Connection } from 'jsforce';
import { type Session, signIn } from './auth.js';
import type { SalesforceConfig } from './config.js';
import type { AccountUpdate } from './fields.js';

/** Record errors no retry can fix: the event is dead-lettered with the reason. */
const PERMANENT = new Set([
  'INVALID_FIELD',
  'ENTITY_IS_DELETED',
  'INVALID_ID_FIELD',
  'MALFORMED_ID',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_TYPE',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'FIELD_INTEGRITY_EXCEPTION',
  'STRING_TOO_LONG',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'NOT_FOUND',
]);

export const isPermanentCode = (code: string | undefined) => code !== undefined && PERMANENT.has(code);

/** A Salesforce failure with its error code; `retryable` tells the hub whether to try again. */
export class SalesforceError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'SalesforceError';
    this.retryable = !isPermanentCode(code);
  }
}

export interface SaveResult {
  id: string;
  success: boolean;
  errors: { statusCode?: string; errorCode?: string; message: string; fields?: string[] }[];
}

/**
 * The only place that talks to Salesforce (through jsforce). Keeps one session; on INVALID_SESSION_ID it signs
 * in again once (an expired OAuth token), then gives up for this attempt.
 */
export class SalesforceTransport {
  private session: Session | undefined;
  constructor(private readonly config: SalesforceConfig) {}

  private connection(session: Session): Connection {
    return new Connection({
      instanceUrl: session.instanceUrl,
      accessToken: session.accessToken,
      version: this.config.apiVersion,
    });
  }

  private async call<T>(work: (conn: Connection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.session ??= await signIn(this.config, Date.now(), signal);
      try {
        return await withTimeout(work(this.connection(this.session)), this.config.requestTimeoutMs, signal);
      } catch (error) {
        const code = codeOf(error);
        const canRenew = !this.config.accessToken && attempt === 0;
        if (code === 'INVALID_SESSION_ID' && canRenew) {
          this.session = undefined;
          continue;
        }
        throw new SalesforceError(code ?? 'NETWORK_ERROR', (error as Error).message);
      }
    }
  }

  /** One sObject Collections update (PATCH /composite/sobjects, allOrNone false): a result per record. */
  async updateAccounts(records: AccountUpdate[], signal?: AbortSignal): Promise<SaveResult[]> {
    if (records.length > 200) throw new Error('sObject Collections take at most 200 records a call');
    return this.call(
      async (conn) => (await conn.sobject('Account').update(records, { allOrNone: false })) as unknown as SaveResult[],
      signal,
    );
  }

  /** Creates or updates custom fields through the Metadata API. */
  async upsertFields(
    fields: Record<string, unknown>[],
  ): Promise<{ fullName: string; success: boolean; created: boolean; errors?: unknown }[]> {
    return this.call(async (conn) => {
      const result = await conn.metadata.upsert('CustomField', fields as never[]);
      return (Array.isArray(result) ? result : [result]) as unknown as {
        fullName: string;
        success: boolean;
        created: boolean;
      }[];
    });
  }

  /** A cheap authenticated call, for the health check and the fields script. */
  async limits(): Promise<unknown> {
    return this.call((conn) => conn.limits());
  }
}

function codeOf(error: unknown): string | undefined {
  const e = error as { errorCode?: string; name?: string };
  if (typeof e.errorCode === 'string') {
    // jsforce reports a bare HTTP failure as ERROR_HTTP_<status>; a 503 is Salesforce being unavailable.
    return e.errorCode === 'ERROR_HTTP_503' ? 'SERVER_UNAVAILABLE' : e.errorCode;
  }
  return undefined;
}

function withTimeout<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Salesforce within ${ms} ms`)), ms);
    onAbort = () => reject(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}
