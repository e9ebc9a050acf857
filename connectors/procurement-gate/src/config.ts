import { z } from 'zod';

/** `{"threshold":0.8, "coupa":{…}?, "ariba":{…}?}` (contract §8). The adapters are not built yet. */
export const GateConfig = z
  .object({
    threshold: z.number().min(0).max(1).default(0.8),
  })
  .strict();
export type GateConfig = z.output<typeof GateConfig>;
