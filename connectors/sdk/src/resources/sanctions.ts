import {
  SanctionsEditionList as SanctionsEditionListSchema,
  type SanctionsEdition as SanctionsEditionSchema,
  type SanctionsHit,
  SanctionsSearchResult as SanctionsSearchResultSchema,
} from '@keybs/contract';
import type { z } from 'zod';
import type { Transport } from '../transport.js';

/** One loaded edition of a sanctions list (`object: 'sanctions_list_edition'`). */
export type SanctionsEdition = z.infer<typeof SanctionsEditionSchema>;
/** The answer to `sanctions.search`: `{ data: SanctionsHit[] }`, best match first. */
export type SanctionsSearchResult = { data: SanctionsHit[] };
/** The answer to `sanctions.lists`: `{ data: SanctionsEdition[] }`. */
export type SanctionsEditionList = { data: SanctionsEdition[] };

export interface SanctionsSearchParams {
  /** 1–100, default 20. */
  limit?: number;
  /** Only entries of this type. */
  type?: 'entity' | 'individual';
}

/** Ad-hoc screening against the loaded sanctions lists (`/v1/sanctions`). */
export class Sanctions {
  constructor(private readonly transport: Transport) {}

  /** Screens a name (`q`, 1–300 characters): the hits at or above the potential-match threshold. */
  search(q: string, params: SanctionsSearchParams = {}): Promise<SanctionsSearchResult> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/sanctions/search',
      query: { q, limit: params.limit, type: params.type },
      schema: SanctionsSearchResultSchema,
      schemaName: 'SanctionsSearchResult',
    });
  }

  /** The loaded editions of each list, with which one is current. */
  lists(): Promise<SanctionsEditionList> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/sanctions/lists',
      schema: SanctionsEditionListSchema,
      schemaName: 'SanctionsEditionList',
    });
  }
}
