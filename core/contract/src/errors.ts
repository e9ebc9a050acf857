/**
 * The one catalogue of API error codes. Every error the API returns has a code from here;
 * `docs/errors.md` documents each one (a test keeps the two in step).
 */
export const ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'idempotency_error',
  'rate_limit_error',
  'api_error',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export interface ErrorSpec {
  readonly type: ErrorType;
  readonly status: number;
  readonly message: string;
  /** Whether repeating the same request later can succeed. */
  readonly retryable: boolean;
}

const spec = (type: ErrorType, status: number, message: string, retryable = false): ErrorSpec => ({
  type,
  status,
  message,
  retryable,
});

export const ERRORS = {
  invalid_json: spec('invalid_request_error', 400, 'The request body is not valid JSON.'),
  invalid_header: spec('invalid_request_error', 400, 'A request header is malformed.'),
  api_key_missing: spec(
    'authentication_error',
    401,
    'No API key provided. Send it as "Authorization: Bearer sk_test_…".',
  ),
  api_key_invalid: spec('authentication_error', 401, 'The API key is not valid.'),
  api_key_expired: spec('authentication_error', 401, 'The API key has expired after a rotation.'),
  api_key_revoked: spec('authentication_error', 401, 'The API key has been revoked.'),
  insufficient_scope: spec('permission_error', 403, 'The API key lacks the scope this request needs.'),
  resource_not_found: spec('not_found_error', 404, 'No such object.'),
  route_not_found: spec('not_found_error', 404, 'No such endpoint.'),
  method_not_allowed: spec('invalid_request_error', 405, 'This endpoint does not accept that method.'),
  idempotency_key_in_use: spec(
    'idempotency_error',
    409,
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    true,
  ),
  report_not_ready: spec(
    'invalid_request_error',
    409,
    'The report is issued with the decision; this verification has none yet.',
    true,
  ),
  verification_not_cancellable: spec(
    'invalid_request_error',
    409,
    'Only verifications that have no decision yet can be cancelled.',
  ),
  review_claimed_by_another: spec(
    'invalid_request_error',
    409,
    'Another analyst holds this review; it can be decided or released only by them.',
  ),
  not_in_review: spec('invalid_request_error', 409, 'This verification is not waiting for an analyst.'),
  document_purged: spec(
    'invalid_request_error',
    410,
    'The content of this document was deleted under the retention policy; its metadata remains.',
  ),
  body_too_large: spec('invalid_request_error', 413, 'The request body is larger than 1 MiB.'),
  unsupported_media_type: spec(
    'invalid_request_error',
    415,
    'Send the request body as JSON with "Content-Type: application/json".',
  ),
  validation_failed: spec('invalid_request_error', 422, 'A parameter is missing or invalid.'),
  country_not_covered: spec(
    'invalid_request_error',
    422,
    'The country_code is not one of the 217 covered jurisdictions (GET /v1/coverage).',
  ),
  invalid_registration_id: spec(
    'invalid_request_error',
    422,
    'The registration_id does not have the format or check digit of this jurisdiction.',
  ),
  webhook_url_not_registered: spec(
    'invalid_request_error',
    422,
    'webhook_url must be the URL of an enabled webhook endpoint registered in this environment.',
  ),
  invalid_webhook_url: spec(
    'invalid_request_error',
    422,
    'The webhook URL must be an absolute http(s) URL without credentials (https in live mode).',
  ),
  webhook_url_forbidden: spec(
    'invalid_request_error',
    422,
    'Live-mode webhook URLs may not point at loopback, private, link-local or metadata addresses.',
  ),
  idempotency_key_reused: spec(
    'idempotency_error',
    422,
    'This Idempotency-Key was used with a different request; use a new key for a new request.',
  ),
  rate_limited: spec('rate_limit_error', 429, 'Too many requests for this API key; retry after the delay given.', true),
  internal_error: spec('api_error', 500, 'Something went wrong on our side; the request was not applied.', true),
  service_unavailable: spec(
    'api_error',
    503,
    'The service is starting, shutting down or cannot reach its database; retry shortly.',
    true,
  ),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];
