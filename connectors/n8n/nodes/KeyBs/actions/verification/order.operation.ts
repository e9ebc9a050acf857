import { randomUUID } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { keyBsRequest } from '../../transport';
import type { Verification } from '../../wire';

const show = { show: { resource: ['verification'], operation: ['order'] } };

export const description: INodeProperties[] = [
  {
    displayName: 'Supplier',
    name: 'supplier',
    type: 'string',
    required: true,
    default: '',
    placeholder: 'Meridian Components Sdn. Bhd.',
    description: "The supplier's registered legal name",
    displayOptions: show,
  },
  {
    displayName: 'Country Code',
    name: 'countryCode',
    type: 'string',
    required: true,
    default: '',
    placeholder: 'MY',
    description: 'ISO 3166-1 alpha-2 code of the jurisdiction where the supplier is registered',
    displayOptions: show,
  },
  {
    displayName: 'Registration ID',
    name: 'registrationId',
    type: 'string',
    required: true,
    default: '',
    placeholder: '1287654-K',
    description: "The supplier's company number in that jurisdiction's registry",
    displayOptions: show,
  },
  {
    displayName: 'Package',
    name: 'package',
    type: 'options',
    default: 'standard',
    options: [
      { name: 'Basic', value: 'basic' },
      { name: 'Standard', value: 'standard' },
      { name: 'Enhanced', value: 'enhanced' },
    ],
    displayOptions: show,
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: show,
    options: [
      {
        displayName: 'External Reference',
        name: 'externalRef',
        type: 'string',
        default: '',
        description: 'Your own ID for the supplier (a Coupa or Ariba supplier ID, a Salesforce Account ID)',
      },
      {
        displayName: 'Idempotency Key',
        name: 'idempotencyKey',
        type: 'string',
        default: '',
        description:
          'Sent as Idempotency-Key. Empty: one key per execution, node run and item, so Retry On Fail never orders twice.',
      },
      {
        displayName: 'Metadata',
        name: 'metadata',
        type: 'fixedCollection',
        typeOptions: { multipleValues: true },
        default: {},
        options: [
          {
            displayName: 'Entry',
            name: 'entries',
            values: [
              { displayName: 'Key', name: 'key', type: 'string', default: '' },
              { displayName: 'Value', name: 'value', type: 'string', default: '' },
            ],
          },
        ],
      },
      {
        displayName: 'Beneficiaries (JSON)',
        name: 'beneficiaries',
        type: 'json',
        default: '[]',
        description:
          'Declared ultimate beneficial owners: [{"name", "ownership_pct"?, "date_of_birth"?, "nationality"?}]',
      },
      {
        displayName: 'Webhook URL',
        name: 'webhookUrl',
        type: 'string',
        default: '',
        description: "The URL of a registered webhook endpoint: this verification's events go to it only",
      },
    ],
  },
];

interface AdditionalFields {
  externalRef?: string;
  idempotencyKey?: string;
  metadata?: { entries?: Array<{ key: string; value: string }> };
  beneficiaries?: string | IDataObject[];
  webhookUrl?: string;
}

/** The default Idempotency-Key: stable across Retry On Fail, distinct per execution, node run and item. */
function defaultIdempotencyKey(ctx: IExecuteFunctions, itemIndex: number): string {
  const execution = ctx.getExecutionId();
  if (!execution) return randomUUID();
  const run = ctx.getWorkflowDataProxy(itemIndex).$runIndex;
  return `n8n:${execution}:${ctx.getNode().id}:${run}:${itemIndex}`;
}

function beneficiariesOf(ctx: IExecuteFunctions, value: AdditionalFields['beneficiaries'], itemIndex: number) {
  if (value === undefined) return [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value === '' ? '[]' : value);
    } catch {
      throw new NodeOperationError(ctx.getNode(), 'Beneficiaries (JSON) is not valid JSON', { itemIndex });
    }
  }
  if (!Array.isArray(parsed)) {
    throw new NodeOperationError(ctx.getNode(), 'Beneficiaries (JSON) must be an array', { itemIndex });
  }
  return parsed as IDataObject[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;
  const body: IDataObject = {
    supplier: this.getNodeParameter('supplier', itemIndex) as string,
    country_code: this.getNodeParameter('countryCode', itemIndex) as string,
    registration_id: this.getNodeParameter('registrationId', itemIndex) as string,
    package: this.getNodeParameter('package', itemIndex) as string,
  };
  if (extra.externalRef) body.external_ref = extra.externalRef;
  if (extra.webhookUrl) body.webhook_url = extra.webhookUrl;
  const entries = extra.metadata?.entries ?? [];
  if (entries.length > 0) body.metadata = Object.fromEntries(entries.map((e) => [e.key, e.value]));
  const beneficiaries = beneficiariesOf(this, extra.beneficiaries, itemIndex);
  if (beneficiaries.length > 0) body.beneficiaries = beneficiaries;

  const verification = await keyBsRequest<Verification>(this, {
    method: 'POST',
    path: '/v1/verifications',
    body,
    idempotencyKey: extra.idempotencyKey || defaultIdempotencyKey(this, itemIndex),
    itemIndex,
  });
  return [{ json: verification as unknown as IDataObject }];
}
