import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { keyBsRequest } from '../../transport';
import type { Verification } from '../../wire';

export const verificationIdField = (operation: string): INodeProperties => ({
  displayName: 'Verification ID',
  name: 'verificationId',
  type: 'string',
  required: true,
  default: '={{ $json.verification_id }}',
  placeholder: 'KBS-VR-2026-000184',
  displayOptions: { show: { resource: ['verification'], operation: [operation] } },
});

export const description: INodeProperties[] = [verificationIdField('get')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
  const id = this.getNodeParameter('verificationId', itemIndex) as string;
  const verification = await keyBsRequest<Verification>(this, {
    method: 'GET',
    path: `/v1/verifications/${encodeURIComponent(id)}`,
    itemIndex,
  });
  return [{ json: verification as unknown as IDataObject }];
}
