import { z } from 'zod';
import { ERROR_TYPES } from './errors.js';

/** RFC 3339 UTC timestamp with second precision, e.g. 2026-05-27T11:04:00Z. */
export const Timestamp = z.string().meta({ format: 'date-time', example: '2026-05-27T11:04:00Z' });
/** ISO 8601 duration, e.g. PT6H. */
export const Duration = z.string().meta({ example: 'PT6H' });

export const ErrorBody = z
  .object({
    error: z.object({
      type: z.enum(ERROR_TYPES),
      code: z.string(),
      message: z.string(),
      param: z.string().optional(),
      request_id: z.string(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().min(1).max(64).optional(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), has_more: z.boolean() });
export interface List<T> {
  data: T[];
  has_more: boolean;
}

export const Environment = z.enum(['test', 'live']);
export type Environment = z.infer<typeof Environment>;

export const SCOPES = [
  'verifications:write',
  'verifications:read',
  'reports:read',
  'webhooks:write',
  'coverage:read',
  'reviews:write',
] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** Idempotency-Key header: 1–255 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
