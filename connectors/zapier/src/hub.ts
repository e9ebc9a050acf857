import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';

/** The one place the app talks to the hub: every call goes through `z.request`, so Zapier logs it. */

export interface HubCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the hub's base URL, e.g. `/v1/verifications`. */
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Hand 4xx/5xx back to the caller instead of throwing (the caller must then call `throwForHubError`). */
  allowErrors?: boolean;
}

/** The hub's base URL from the connection, without a trailing slash. */
export function baseUrl(bundle: Bundle): string {
  const raw = (bundle.authData.base_url ?? '').trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(raw)) {
    throw new Error(`The connection's Hub URL ${JSON.stringify(raw)} is not an http(s) URL.`);
  }
  return raw;
}

export async function callHub<T>(z: ZObject, bundle: Bundle, call: HubCall): Promise<HttpResponse<T>> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.params ?? {})) {
    if (value !== undefined && value !== '') params[name] = String(value);
  }
  const options: HttpRequestOptions & { url: string } = {
    url: `${baseUrl(bundle)}${call.path}`,
    method: call.method,
    params,
    headers: { Accept: 'application/json', ...call.headers },
    skipThrowForStatus: call.allowErrors === true,
  };
  if (call.body !== undefined) {
    options.body = JSON.stringify(call.body);
    options.headers = { ...options.headers, 'Content-Type': 'application/json' };
  }
  return z.request<T>(options);
}

/** Calls the hub and returns the parsed JSON body of its 2xx answer; an error answer throws (see middleware). */
export async function hubJson<T>(z: ZObject, bundle: Bundle, call: HubCall): Promise<T> {
  const response = await callHub<T>(z, bundle, call);
  return response.data;
}
