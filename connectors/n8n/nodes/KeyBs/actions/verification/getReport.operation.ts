import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { keyBsRequest } from '../../transport';
import { verificationIdField } from './get.operation';

const show = { show: { resource: ['verification'], operation: ['getReport'] } };

export const description: INodeProperties[] = [
  verificationIdField('getReport'),
  {
    displayName: 'Format',
    name: 'format',
    type: 'options',
    default: 'json',
    options: [
      { name: 'Signed JSON Dossier', value: 'json', description: 'The dossier and its compact JWS (EdDSA)' },
      { name: 'PDF (Binary)', value: 'pdf', description: 'The signed PDF report as binary data' },
    ],
    displayOptions: show,
  },
  {
    displayName: 'Put Output File in Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    displayOptions: { show: { ...show.show, format: ['pdf'] } },
  },
];

/** The report exists once the verification is completed; before that the hub answers 409 `report_not_ready`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const id = this.getNodeParameter('verificationId', itemIndex) as string;
  const path = `/v1/verifications/${encodeURIComponent(id)}/report`;
  if (this.getNodeParameter('format', itemIndex) === 'json') {
    const report = await keyBsRequest<IDataObject>(this, { method: 'GET', path, itemIndex });
    return [{ json: report }];
  }
  const pdf = await keyBsRequest<Buffer>(this, { method: 'GET', path, accept: 'pdf', itemIndex });
  const field = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
  const binary = await this.helpers.prepareBinaryData(Buffer.from(pdf), `${id}.pdf`, 'application/pdf');
  return [{ json: { verification_id: id }, binary: { [field]: binary } }];
}
