import type { List, OrderVerificationRequest, VerificationStatus } from '@keybs/contract';
import { listOf, Verification } from '@keybs/contract';
import { paginate } from '../paginate.js';
import type { Transport } from '../transport.js';

export interface PostOptions {
  /** Sent as `Idempotency-Key`; the SDK picks a random UUID when absent and reuses it on its own retries. */
  idempotencyKey?: string;
}

export interface ListVerificationsParams {
  /** 1–100, default 20. */
  limit?: number;
  /** A `verification_id`: return the page after it. */
  starting_after?: string;
  status?: VerificationStatus;
  country_code?: string;
  external_ref?: string;
}

const VerificationList = listOf(Verification);

export class Verifications {
  constructor(private readonly transport: Transport) {}

  /** Orders a verification (`POST /v1/verifications`). */
  create(body: OrderVerificationRequest, opts: PostOptions = {}): Promise<Verification> {
    return this.transport.request({
      method: 'POST',
      path: '/v1/verifications',
      body,
      idempotencyKey: opts.idempotencyKey,
      schema: Verification,
      schemaName: 'Verification',
    });
  }

  retrieve(id: string): Promise<Verification> {
    return this.transport.request({
      method: 'GET',
      path: `/v1/verifications/${encodeURIComponent(id)}`,
      schema: Verification,
      schemaName: 'Verification',
    });
  }

  /** One page, newest first. */
  list(params: ListVerificationsParams = {}): Promise<List<Verification>> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/verifications',
      query: { ...params },
      schema: VerificationList,
      schemaName: 'list of Verification',
    });
  }

  /** Every verification matching `params`, fetching page after page as the loop asks for more. */
  async *listAll(params: ListVerificationsParams = {}): AsyncGenerator<Verification, void, undefined> {
    yield* paginate(
      params,
      (p) => this.list(p),
      (v) => v.verification_id,
    );
  }

  /** Cancels a verification that has no decision yet (`409 verification_not_cancellable` otherwise). */
  cancel(id: string, opts: PostOptions = {}): Promise<Verification> {
    return this.transport.request({
      method: 'POST',
      path: `/v1/verifications/${encodeURIComponent(id)}/cancel`,
      idempotencyKey: opts.idempotencyKey,
      schema: Verification,
      schemaName: 'Verification',
    });
  }
}
