import type { ErrorType } from '@keybs/contract';

/** Base class of every error the SDK throws, so callers can catch them all at once. */
export class KeyBsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface KeyBsApiErrorFields {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  param?: string | undefined;
  requestId: string | null;
  retryable: boolean;
}

/** The hub answered with an error status; the fields come from its `{"error":{…}}` body. */
export class KeyBsApiError extends KeyBsError {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  /** The request field at fault (for `validation_failed`), as a dotted path. */
  readonly param: string | undefined;
  /** The hub's `X-Request-Id`: quote it when asking for support. */
  readonly requestId: string | null;
  /** Whether the same request may succeed if repeated (the SDK has already retried it when so). */
  readonly retryable: boolean;

  constructor(fields: KeyBsApiErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.type = fields.type;
    this.code = fields.code;
    this.param = fields.param;
    this.requestId = fields.requestId;
    this.retryable = fields.retryable;
  }
}

/** No HTTP answer arrived: the connection failed or the attempt timed out. Always retryable. */
export class KeyBsConnectionError extends KeyBsError {
  readonly timedOut: boolean;
  readonly retryable = true;

  constructor(message: string, options: { timedOut: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.timedOut = options.timedOut;
  }
}

/** The hub answered 2xx with a body that is not JSON or does not match the contract's schema. */
export class KeyBsInvalidResponseError extends KeyBsError {
  readonly status: number;
  readonly requestId: string | null;
  /** One line per mismatch, `path: problem`. Empty when the body was not JSON at all. */
  readonly issues: readonly string[];

  constructor(message: string, fields: { status: number; requestId: string | null; issues: readonly string[] }) {
    super(message);
    this.status = fields.status;
    this.requestId = fields.requestId;
    this.issues = fields.issues;
  }
}
