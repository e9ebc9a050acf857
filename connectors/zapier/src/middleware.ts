import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { baseUrl } from './hub.js';

export const USER_AGENT = 'keybs-zapier/0.1.0';

type Request = HttpRequestOptions & { url: string };

/** True when `url` is the base URL or below it (`https://hub.example` does not cover `https://hub.example.evil`). */
function isUnder(url: string, base: string): boolean {
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
}

/** Sends the connection's key, and only to the connection's own hub. */
export function addAuthorization(request: Request, _z: ZObject, bundle: Bundle): Request {
  const key = bundle.authData.api_key;
  const headers: Record<string, string> = { ...request.headers, 'User-Agent': USER_AGENT };
  if (key && bundle.authData.base_url && isUnder(request.url, baseUrl(bundle))) {
    headers.Authorization = `Bearer ${key.trim()}`;
  }
  return { ...request, headers };
}

interface HubErrorFields {
  type: string;
  code: string;
  message: string;
  param?: string;
  request_id?: string;
}

/** The hub's one error body, `{"error":{type, code, message, param?, request_id}}`, or undefined. */
export function hubErrorOf(content: string): HubErrorFields | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return undefined;
  const error: unknown = parsed.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return error as HubErrorFields;
}

/** Throws a Zapier error carrying the hub's `code` and `message` when the answer is an error. */
export function throwForHubError(z: ZObject, response: HttpResponse): void {
  if (response.status < 400) return;
  const error = hubErrorOf(response.content);
  if (!error) {
    throw new z.errors.Error(
      `The KeyBS hub answered HTTP ${response.status} without a KeyBS error body. Is the Hub URL right?`,
      'unexpected_response',
      response.status,
    );
  }
  const where = error.param ? ` (field ${error.param})` : '';
  const request = error.request_id ? ` [request ${error.request_id}]` : '';
  throw new z.errors.Error(`${error.message}${where}${request}`, error.code, response.status);
}

/** Error answers become Zapier errors with the hub's code, unless the call asked to see them itself. */
export function raiseHubErrors(response: HttpResponse, z: ZObject): HttpResponse {
  if (!response.skipThrowForStatus) throwForHubError(z, response);
  return response;
}
