import { z } from 'zod';
import { Duration } from './common.js';

export const RegistrySource = z.object({
  name: z.string(),
  url: z.string().nullable(),
  /** How the hub reaches it: an API adapter, a bulk file import, or an analyst by hand. */
  access: z.enum(['api', 'bulk_import', 'manual']),
});

export const IdentifierFormat = z.object({
  name: z.string(),
  example: z.string().nullable(),
  /** True when the hub rejects ids that fail this format or check digit. */
  validated: z.boolean(),
});

export const CoverageRow = z
  .object({
    country_code: z.string(),
    name: z.string(),
    world_bank_code: z.string(),
    tier: z.number().int().min(1).max(3),
    median_turnaround: Duration,
    turnaround_source: z.enum(['observed', 'tier_default']),
    registry_sources: z.array(RegistrySource),
    identifier_formats: z.array(IdentifierFormat),
    also_accepts: z.array(z.string()),
  })
  .meta({ id: 'CoverageRow' });
export type CoverageRow = z.infer<typeof CoverageRow>;

export const CoverageList = z.object({ data: z.array(CoverageRow), count: z.number().int() });
export type CoverageList = z.infer<typeof CoverageList>;
