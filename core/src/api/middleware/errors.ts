import { ERRORS, type ErrorBody } from '@keybs/contract';
import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { ApiError } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { StoreUnavailableError } from '../../store/unavailable.js';
import { locals } from './locals.js';

/** The contract's one error body. */
export function errorBody(error: ApiError, requestId: string): ErrorBody {
  const spec = ERRORS[error.code];
  return {
    error: {
      type: spec.type,
      code: error.code,
      message: error.message,
      ...(error.param !== undefined && { param: error.param }),
      request_id: requestId,
    },
  };
}

export function sendError(res: Response, error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).json(errorBody(error, locals(res).requestId));
}

/** A zod failure as the contract's 422: `param` is the path of the first bad field. */
export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError('validation_failed');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
  const message =
    issue.code === 'unrecognized_keys' ? `Unknown parameter '${path}'.` : `${path || 'body'}: ${issue.message}`;
  return new ApiError('validation_failed', message, path || undefined);
}

interface HttpError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Errors from the JSON body parser (body-parser's documented `type` values). */
function bodyParserError(error: HttpError): ApiError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new ApiError('body_too_large');
    case 'entity.parse.failed':
      return new ApiError('invalid_json');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError('unsupported_media_type', 'Unsupported charset or content encoding; send UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ApiError('invalid_json', 'The request body could not be read.');
    default:
      return undefined;
  }
}

/** Seconds a client is asked to wait when the database cannot be reached. */
const UNAVAILABLE_RETRY_AFTER_S = 2;

export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError)
    return new ApiError(
      'service_unavailable',
      'The database is unavailable; nothing was applied. Retry shortly.',
      undefined,
      {
        'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S),
      },
    );
  if (error instanceof z.ZodError) return validationError(error);
  if (error && typeof error === 'object') {
    const mapped = bodyParserError(error as HttpError);
    if (mapped) return mapped;
    const status = (error as HttpError).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError('invalid_json');
  }
  return undefined;
}

/** The one place that turns thrown errors into responses. Unknown errors are logged and become a 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const apiError = toApiError(error);
    if (error instanceof StoreUnavailableError)
      logger.warn({ err: error.message, request_id: locals(res).requestId }, 'database unavailable');
    if (apiError) return sendError(res, apiError);
    logger.error({ err: error, request_id: locals(res).requestId }, 'unhandled error');
    if (res.headersSent) return res.end();
    sendError(res, new ApiError('internal_error'));
  };
}
