import type { DecideReviewRequest } from '@keybs/contract';
import { Review, Verification } from '@keybs/contract';
import { z } from 'zod';
import type { Transport } from '../transport.js';
import type { PostOptions } from './verifications.js';

export interface ListReviewsParams {
  /** `open` (unclaimed), `claimed`, or `all` (the hub's default). */
  state?: 'open' | 'claimed' | 'all';
  /** 1–100, default 20. */
  limit?: number;
}

/** The answer to `reviews.list`: `{ data: Review[] }`, earliest due first. */
export type ReviewList = { data: Review[] };

const ReviewListSchema = z.object({ data: z.array(Review) });

const reviewPath = (id: string, action: string): string => `/v1/reviews/${encodeURIComponent(id)}/${action}`;

/** The analyst review queue (`/v1/reviews`); a review's `id` is its verification's id. */
export class Reviews {
  constructor(private readonly transport: Transport) {}

  /** The queue, the most urgent (earliest due) first. */
  list(params: ListReviewsParams = {}): Promise<ReviewList> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/reviews',
      query: { state: params.state, limit: params.limit },
      schema: ReviewListSchema,
      schemaName: 'list of Review',
    });
  }

  /** Assigns the review to `analyst` (`409 review_claimed_by_another` if someone else holds it). */
  claim(id: string, analyst: string, opts: PostOptions = {}): Promise<Review> {
    return this.transport.request({
      method: 'POST',
      path: reviewPath(id, 'claim'),
      body: { analyst },
      idempotencyKey: opts.idempotencyKey,
      schema: Review,
      schemaName: 'Review',
    });
  }

  /** Gives a claimed review back to the queue. */
  release(id: string, analyst: string, opts: PostOptions = {}): Promise<Review> {
    return this.transport.request({
      method: 'POST',
      path: reviewPath(id, 'release'),
      body: { analyst },
      idempotencyKey: opts.idempotencyKey,
      schema: Review,
      schemaName: 'Review',
    });
  }

  /** Issues the analyst's decision; answers the completed verification. */
  decide(id: string, body: DecideReviewRequest, opts: PostOptions = {}): Promise<Verification> {
    return this.transport.request({
      method: 'POST',
      path: reviewPath(id, 'decide'),
      body,
      idempotencyKey: opts.idempotencyKey,
      schema: Verification,
      schemaName: 'Verification',
    });
  }
}
