import { z } from 'zod';
import { Timestamp } from './common.js';

export const SanctionsHit = z
  .object({
    list: z.string(),
    entry_id: z.string(),
    /** The listed entry's primary name. */
    name: z.string(),
    /** The name or alias of the entry that the screened name resembles most. */
    matched_name: z.string(),
    type: z.string(),
    programs: z.array(z.string()),
    date_of_birth: z
      .string()
      .nullable()
      .meta({ description: 'As the list states it (`08 Feb 1971`, `1971`, `circa 1965`); null when it has none.' }),
    /** 0–1; at or above the match threshold (0.95 by default) it is a match, above 0.85 a potential match. */
    score: z.number(),
  })
  .meta({ id: 'SanctionsHit' });
export type SanctionsHit = z.infer<typeof SanctionsHit>;

export const SanctionsSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(300),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    type: z.enum(['entity', 'individual']).optional(),
  })
  .strict();

export const SanctionsSearchResult = z.object({ data: z.array(SanctionsHit) });

export const SanctionsEdition = z
  .object({
    id: z.number().int(),
    object: z.literal('sanctions_list_edition'),
    list: z.string(),
    source: z.string(),
    entry_count: z.number().int(),
    checksum: z.string(),
    published_at: z.string().nullable(),
    loaded_at: Timestamp,
    current: z.boolean(),
  })
  .meta({ id: 'SanctionsEdition' });

export const SanctionsEditionList = z.object({ data: z.array(SanctionsEdition) });
