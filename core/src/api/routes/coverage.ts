import { CoverageList, CoverageRow } from '@keybs/contract';
import { defineRoute } from '../route.js';

export const listCoverage = defineRoute({
  method: 'get',
  path: '/v1/coverage',
  operationId: 'listCoverage',
  summary: 'List the 217 jurisdictions',
  description:
    'Every World Bank economy with its tier, median turnaround (observed from the last 90 days of this ' +
    "environment's decisions where there are at least 5, else the tier default), registry sources and identifier formats.",
  tag: 'Coverage',
  scope: 'coverage:read',
  responses: [{ status: 200, description: 'All jurisdictions.', schema: CoverageList }],
  async handle({ auth, services }) {
    const data = await services.coverage.list(auth.livemode);
    return { status: 200, body: { data, count: data.length } };
  },
});

export const getCoverage = defineRoute({
  method: 'get',
  path: '/v1/coverage/:country_code',
  operationId: 'getCoverage',
  summary: 'One jurisdiction',
  description: 'One row of the coverage list. `JE` answers with the Channel Islands row, `GG`.',
  tag: 'Coverage',
  scope: 'coverage:read',
  params: { country_code: 'ISO 3166-1 alpha-2, any case.' },
  responses: [{ status: 200, description: 'The jurisdiction.', schema: CoverageRow }],
  async handle({ params, auth, services }) {
    return { status: 200, body: await services.coverage.get(auth.livemode, params.country_code ?? '') };
  },
});
