import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { createAppTester } from 'zapier-platform-core';
import type { TestHub } from '../../../core/test/helpers/hub.js';
import { app } from '../src/app.js';

export const appTester = createAppTester(app);

/** The connection a user would enter for this hub. */
export function authFor(hub: TestHub, apiKey = hub.testKey) {
  return { api_key: apiKey, base_url: hub.url };
}

/** What a Zapier error (`z.errors.Error`) carries: the hub's message, code and HTTP status. */
export async function zapierError(
  promise: Promise<unknown>,
): Promise<{ message: string; code: string; status: number }> {
  const error: any = await promise.then(
    () => expect.unreachable('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error.name).toBe('AppError');
  return JSON.parse(error.message);
}

/**
 * Headers as Zapier puts them into `bundle.rawRequest`: `Http-` before all but Content-Type/Length, and
 * Camel-Case (`x-keybs-signature` becomes `Http-X-Keybs-Signature`).
 */
export function asZapierRawHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const camel = name
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('-');
    const renamed = name === 'content-type' || name === 'content-length' ? camel : `Http-${camel}`;
    out[renamed] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}
