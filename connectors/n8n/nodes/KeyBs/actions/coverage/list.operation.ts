import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { keyBsRequest } from '../../transport';
import type { CoverageList } from '../../wire';

const show = { show: { resource: ['coverage'], operation: ['list'] } };

export const description: INodeProperties[] = [
  {
    displayName: 'Tiers',
    name: 'tiers',
    type: 'multiOptions',
    default: [],
    options: [
      { name: 'Tier 1', value: 1 },
      { name: 'Tier 2', value: 2 },
      { name: 'Tier 3', value: 3 },
    ],
    description: 'Only jurisdictions of these tiers (none chosen: all 217)',
    displayOptions: show,
  },
];

/** One item per covered jurisdiction, with its tier and median turnaround. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const tiers = this.getNodeParameter('tiers', itemIndex, []) as number[];
  const coverage = await keyBsRequest<CoverageList>(this, { method: 'GET', path: '/v1/coverage', itemIndex });
  const rows = tiers.length === 0 ? coverage.data : coverage.data.filter((row) => tiers.includes(row.tier));
  return rows.map((row) => ({ json: row as unknown as IDataObject }));
}
