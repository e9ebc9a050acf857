import type { List, Verification } from '@keybs/sdk';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { baseUrl, hubJson } from './hub.js';

/** What the connection test returns; the connection label is built from it. */
export interface ConnectionInfo {
  mode: 'test' | 'live';
  hub: string;
}

/**
 * An authenticated read the key needs anyway (the triggers' samples and the search use it).
 * A wrong key fails here with the hub's own `authentication_error` message and code.
 */
async function testConnection(z: ZObject, bundle: Bundle): Promise<ConnectionInfo> {
  await hubJson<List<Verification>>(z, bundle, { method: 'GET', path: '/v1/verifications', params: { limit: 1 } });
  const mode = bundle.authData.api_key?.trim().startsWith('sk_live_') ? 'live' : 'test';
  return { mode, hub: new URL(baseUrl(bundle)).host };
}

export const authentication = {
  type: 'custom',
  fields: [
    {
      key: 'api_key',
      label: 'API key',
      required: true,
      type: 'password',
      helpText:
        'A KeyBS API key, `sk_test_…` or `sk_live_…` (`npx keybs keys create --env live`). It needs the scopes ' +
        '`verifications:read`, `verifications:write`, `webhooks:write` and `coverage:read`.',
    },
    {
      key: 'base_url',
      label: 'Hub URL',
      required: true,
      type: 'string',
      helpText: 'Where your KeyBS hub answers, e.g. `https://kyb.example.com` (no `/v1`).',
    },
  ],
  test: testConnection,
  connectionLabel: 'KeyBS {{bundle.inputData.mode}} mode at {{bundle.inputData.hub}}',
} satisfies Authentication;
