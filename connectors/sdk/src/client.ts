import { Coverage } from './resources/coverage.js';
import { Documents } from './resources/documents.js';
import { Reports } from './resources/reports.js';
import { Reviews } from './resources/reviews.js';
import { Sanctions } from './resources/sanctions.js';
import { TestHelpers } from './resources/test-helpers.js';
import { Verifications } from './resources/verifications.js';
import { Webhooks } from './resources/webhooks.js';
import { Transport } from './transport.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

export interface KeyBsOptions {
  /** `sk_test_…` or `sk_live_…`. */
  apiKey: string;
  /** Default `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** Per attempt, including reading the body. Default 30000. */
  timeoutMs?: number;
  /** Extra attempts after the first for retryable failures. Default 2. */
  maxRetries?: number;
  /** First backoff step; each retry doubles it (with jitter, capped at 8 s). Default 500. */
  retryBaseMs?: number;
  /** A fetch implementation (a proxy agent, a test double). Default the global fetch. */
  fetch?: typeof fetch;
  /** How the client waits between attempts; tests pass one that records instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function check(condition: boolean, message: string): void {
  if (!condition) throw new TypeError(`KeyBs: ${message}`);
}

/** The KeyBS Hub API client. */
export class KeyBs {
  readonly verifications: Verifications;
  readonly testHelpers: TestHelpers;
  readonly coverage: Coverage;
  /** Webhook endpoints and deliveries; `webhooks.verify` checks a delivery you received. */
  readonly webhooks: Webhooks;
  /** Ad-hoc screening against the loaded sanctions lists. */
  readonly sanctions: Sanctions;
  /** The analyst review queue: claim, release, decide. */
  readonly reviews: Reviews;
  /** A verification's supporting documents (metadata; uploading is not in the SDK). */
  readonly documents: Documents;
  /** Signed reports (JSON and PDF), the signing keys, and `verify` for a report you hold. */
  readonly reports: Reports;

  constructor(options: KeyBsOptions) {
    const { apiKey, timeoutMs = 30_000, maxRetries = 2, retryBaseMs = 500 } = options;
    check(typeof apiKey === 'string' && apiKey.trim() !== '', 'apiKey is required (sk_test_… or sk_live_…).');
    check(Number.isFinite(timeoutMs) && timeoutMs > 0, 'timeoutMs must be a positive number.');
    check(Number.isInteger(maxRetries) && maxRetries >= 0, 'maxRetries must be a whole number ≥ 0.');
    check(Number.isFinite(retryBaseMs) && retryBaseMs >= 0, 'retryBaseMs must be a number ≥ 0.');
    const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    check(URL.canParse(baseUrl), `baseUrl ${JSON.stringify(options.baseUrl)} is not a URL.`);

    const transport = new Transport({
      apiKey,
      baseUrl,
      timeoutMs,
      maxRetries,
      retryBaseMs,
      // Looked up per call so a fetch patched later (a mocking library) is used.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      sleep: options.sleep ?? wait,
    });
    this.verifications = new Verifications(transport);
    this.testHelpers = new TestHelpers(transport);
    this.coverage = new Coverage(transport);
    this.webhooks = new Webhooks(transport);
    this.sanctions = new Sanctions(transport);
    this.reviews = new Reviews(transport);
    this.documents = new Documents(transport);
    this.reports = new Reports(transport);
  }
}
