import type {
  ICredentialsDecrypted,
  ICredentialTestFunctions,
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  IN8nHttpFullResponse,
  INode,
  INodeCredentialTestResult,
  JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, type ErrorBody, type KeyBsCredentials } from './wire';

/** The one place the package does network I/O: every call to the hub goes through here. */

const USER_AGENT = 'n8n-nodes-keybs/0.1.0';

export interface ApiCall {
  method: IHttpRequestMethods;
  /** From `/v1/…`. */
  path: string;
  qs?: IDataObject;
  body?: IDataObject;
  /** Sent as `Idempotency-Key` (POSTs). */
  idempotencyKey?: string;
  /** `pdf` asks for the signed PDF and answers a Buffer. */
  accept?: 'json' | 'pdf';
  /** The item the call is for, so an error points at it. */
  itemIndex?: number;
}

type Context = IExecuteFunctions | IHookFunctions;

export function hubUrl(baseUrl: string | undefined, path: string): string {
  return `${(baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
}

/** Calls the hub with the node's `keyBsApi` credential; a non-2xx answer throws {@link hubError}. */
export async function keyBsRequest<T>(ctx: Context, call: ApiCall): Promise<T> {
  const { baseUrl } = await ctx.getCredentials<KeyBsCredentials>(CREDENTIAL_TYPE, call.itemIndex);
  const pdf = call.accept === 'pdf';
  const headers: IDataObject = { Accept: pdf ? 'application/pdf' : 'application/json', 'User-Agent': USER_AGENT };
  if (call.idempotencyKey !== undefined) headers['Idempotency-Key'] = call.idempotencyKey;
  const options: IHttpRequestOptions = {
    method: call.method,
    url: hubUrl(baseUrl, call.path),
    headers,
    json: !pdf,
    ignoreHttpStatusErrors: true,
    returnFullResponse: true,
    ...(pdf && { encoding: 'arraybuffer' as const }),
    ...(call.qs && { qs: call.qs }),
    ...(call.body && { body: call.body }),
  };
  let response: IN8nHttpFullResponse;
  try {
    response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
  } catch (error) {
    // No answer at all (refused, DNS, timeout): n8n's own wording for the network error applies.
    throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex: call.itemIndex });
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
  throw hubError(ctx.getNode(), response.statusCode, response.body, call.itemIndex);
}

/** The hub's `{"error":{…}}` body, whatever form the HTTP layer handed it over in (object, text or bytes). */
export function errorBodyOf(body: unknown): ErrorBody['error'] | undefined {
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const error = (value as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' ? (error as ErrorBody['error']) : undefined;
}

/**
 * A NodeApiError whose message is the hub's own `message`, with the hub's `code`, `param` and `request_id` in
 * the description and the whole error object in `errorResponse` / `context`.
 */
export function hubError(node: INode, status: number, body: unknown, itemIndex?: number): NodeApiError {
  const error = errorBodyOf(body);
  if (error === undefined) {
    return new NodeApiError(
      node,
      { status, body: typeof body === 'string' ? body : null },
      {
        message: `The hub answered HTTP ${status} without a KeyBS error body`,
        httpCode: String(status),
        itemIndex,
      },
    );
  }
  const details = [`code: ${error.code}`, error.param && `param: ${error.param}`, `request: ${error.request_id}`];
  const apiError = new NodeApiError(node, { ...error } as JsonObject, {
    message: error.message,
    description: details.filter(Boolean).join(' · '),
    httpCode: String(status),
    itemIndex,
  });
  Object.assign(apiError.context, { code: error.code, type: error.type, request_id: error.request_id });
  return apiError;
}

/**
 * The credential test: `GET /v1/verifications?limit=1` with the key. A key the hub refuses fails with the hub's
 * message; a valid key without the `verifications:read` scope still passes (it authenticated).
 */
export async function testCredentials(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  const { apiKey, baseUrl } = (credential.data ?? {}) as Partial<KeyBsCredentials>;
  const url = hubUrl(baseUrl, '/v1/verifications');
  let response: { statusCode: number; body: unknown };
  try {
    response = await this.helpers.request({
      method: 'GET',
      uri: url,
      qs: { limit: 1 },
      headers: { Authorization: `Bearer ${apiKey ?? ''}`, Accept: 'application/json', 'User-Agent': USER_AGENT },
      json: true,
      simple: false,
      resolveWithFullResponse: true,
    });
  } catch (error) {
    return { status: 'Error', message: `Could not reach the hub at ${url}: ${(error as Error).message}` };
  }
  const { statusCode, body } = response;
  if ((statusCode >= 200 && statusCode < 300) || statusCode === 403) {
    return { status: 'OK', message: 'Connection successful' };
  }
  const error = errorBodyOf(body);
  return {
    status: 'Error',
    message: error ? `${error.message} (${error.code})` : `The hub at ${url} answered HTTP ${statusCode}`,
  };
}
