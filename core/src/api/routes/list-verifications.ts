import { ListQuery, ListVerificationsQuery, listOf, Verification } from '@keybs/contract';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

export const listVerifications = defineRoute({
  method: 'get',
  path: '/v1/verifications',
  operationId: 'listVerifications',
  summary: 'List verifications',
  description: 'Newest first. Page with `limit` and `starting_after` (the last id of the previous page).',
  tag: 'Verifications',
  scope: 'verifications:read',
  query: ListQuery.extend(ListVerificationsQuery.shape).strict(),
  responses: [{ status: 200, description: 'A page of verifications.', schema: listOf(Verification) }],
  async handle({ query, auth, services }) {
    const page = await services.verifications.list({
      livemode: auth.livemode,
      limit: query.limit,
      ...(query.starting_after !== undefined && { startingAfter: query.starting_after }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.country_code !== undefined && { countryCode: query.country_code }),
      ...(query.external_ref !== undefined && { externalRef: query.external_ref }),
    });
    return { status: 200, body: { data: page.data.map(presentVerification), has_more: page.hasMore } };
  },
});
