import { ERRORS, type ErrorCode } from '@keybs/contract';

/** An expected failure with a catalogue code; the HTTP edge turns it into the error body. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'ApiError';
    this.status = ERRORS[code].status;
  }
  get retryable(): boolean {
    return ERRORS[this.code].retryable;
  }
}

export const notFound = (what: string, id: string, param?: string) =>
  new ApiError('resource_not_found', `No such ${what}: '${id}'.`, param);
