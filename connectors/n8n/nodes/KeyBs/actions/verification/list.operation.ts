import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { keyBsRequest } from '../../transport';
import type { List, Verification } from '../../wire';

const show = { show: { resource: ['verification'], operation: ['list'] } };

export const description: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
    displayOptions: show,
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    default: 50,
    typeOptions: { minValue: 1 },
    description: 'Max number of results to return',
    displayOptions: { show: { ...show.show, returnAll: [false] } },
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: show,
    options: [
      {
        displayName: 'Status',
        name: 'status',
        type: 'options',
        default: 'completed',
        options: [
          { name: 'Cancelled', value: 'cancelled' },
          { name: 'Completed', value: 'completed' },
          { name: 'In Progress', value: 'in_progress' },
          { name: 'In Review', value: 'in_review' },
        ],
      },
      { displayName: 'Country Code', name: 'country_code', type: 'string', default: '' },
      { displayName: 'External Reference', name: 'external_ref', type: 'string', default: '' },
    ],
  },
];

const PAGE = 100;

/** Newest first, page after page (`starting_after`) until the limit or the end. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
  const limit = returnAll ? Number.POSITIVE_INFINITY : (this.getNodeParameter('limit', itemIndex) as number);
  const set = Object.entries(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
  const filters = Object.fromEntries(set.filter(([, value]) => value !== ''));
  const found: Verification[] = [];
  let after: string | undefined;
  for (;;) {
    const qs: IDataObject = { ...filters, limit: Math.min(PAGE, limit - found.length) };
    if (after !== undefined) qs.starting_after = after;
    const page = await keyBsRequest<List<Verification>>(this, {
      method: 'GET',
      path: '/v1/verifications',
      qs,
      itemIndex,
    });
    found.push(...page.data);
    after = page.data.at(-1)?.verification_id;
    if (!page.has_more || after === undefined || found.length >= limit) break;
  }
  return found.map((v) => ({ json: v as unknown as IDataObject }));
}
