import { SanctionsEditionList, SanctionsSearchQuery, SanctionsSearchResult } from '@keybs/contract';
import { rfc3339 } from '../../domain/clock.js';
import { defineRoute } from '../route.js';

export const searchSanctions = defineRoute({
  method: 'get',
  path: '/v1/sanctions/search',
  operationId: 'searchSanctions',
  summary: 'Screen a name against the sanctions lists',
  description:
    'The same screening the verifications use, for ad-hoc checks: hits best first with the list, entry id, ' +
    'the matched name or alias and a 0–1 score. `type` narrows to entities or individuals.',
  tag: 'Sanctions',
  scope: 'verifications:read',
  query: SanctionsSearchQuery,
  responses: [
    { status: 200, description: 'Hits at or above the potential-match threshold.', schema: SanctionsSearchResult },
  ],
  async handle({ query, services }) {
    const data = services.sanctions.screenName(query.q, {
      limit: query.limit,
      ...(query.type !== undefined && { type: query.type }),
    });
    return { status: 200, body: { data } };
  },
});

export const listSanctionsLists = defineRoute({
  method: 'get',
  path: '/v1/sanctions/lists',
  operationId: 'listSanctionsLists',
  summary: 'Loaded sanctions list editions',
  description: 'Every imported edition, newest first; `current` marks the one screened against for each list.',
  tag: 'Sanctions',
  scope: 'verifications:read',
  responses: [{ status: 200, description: 'The editions.', schema: SanctionsEditionList }],
  async handle({ services }) {
    const editions = await services.store.sanctions.listEditions();
    return {
      status: 200,
      body: {
        data: editions.map((e) => ({
          id: e.id,
          object: 'sanctions_list_edition',
          list: e.listId,
          source: e.source,
          entry_count: e.entryCount,
          checksum: e.checksum,
          published_at: e.publishedAt,
          loaded_at: rfc3339(e.loadedAt),
          current: e.current,
        })),
      },
    };
  },
});
