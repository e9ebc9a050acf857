import type { App, Create, Search, Trigger } from 'zapier-platform-core';
import { version as platformVersion } from 'zapier-platform-core';
import { authentication } from './authentication.js';
import { orderVerification } from './creates/order-verification.js';
import { addAuthorization, raiseHubErrors } from './middleware.js';
import { findVerification } from './searches/find-verification.js';
import { decisionIssued } from './triggers/decision-issued.js';
import { listCountries } from './triggers/list-countries.js';
import { statusChanged } from './triggers/status-changed.js';

/** Keys each action by its own `.key`, so the two cannot drift apart. */
function byKey<T extends { key: string }>(...actions: T[]): Record<string, T> {
  return Object.fromEntries(actions.map((action) => [action.key, action]));
}

/** The Zapier app definition (the package's `main` exports it as `module.exports`). */
export const app = {
  version: '0.1.0',
  platformVersion,
  // Every request goes through z.request, which Zapier logs itself. Zapier's global patch of node:http
  // only adds logging for third-party SDKs, and it rewrites http.request(url, options) calls made by
  // anything else in the process into option-less GETs (the in-process hub of the tests sends webhooks so).
  flags: { skipHttpPatch: true },
  authentication,
  beforeRequest: [addAuthorization],
  afterResponse: [raiseHubErrors],
  triggers: byKey<Trigger>(decisionIssued, statusChanged, listCountries),
  creates: byKey<Create>(orderVerification),
  searches: byKey<Search>(findVerification),
} satisfies App<Record<string, Trigger>, Record<string, Create>, Record<string, Search>>;
