import { Verification } from '@keybs/contract';
import type { Transport } from '../transport.js';
import type { PostOptions } from './verifications.js';

/** Shortcuts that exist only for test keys (a live key gets 404). */
export class TestHelpers {
  constructor(private readonly transport: Transport) {}

  /** Finishes any pending analyst review at once, as analyst `Test Analyst`. */
  advanceVerification(id: string, opts: PostOptions = {}): Promise<Verification> {
    return this.transport.request({
      method: 'POST',
      path: `/v1/test_helpers/verifications/${encodeURIComponent(id)}/advance`,
      idempotencyKey: opts.idempotencyKey,
      schema: Verification,
      schemaName: 'Verification',
    });
  }
}
