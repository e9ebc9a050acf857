import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { router } from './actions/router';
import { description } from './description';
import { testCredentials } from './transport';

export class KeyBs implements INodeType {
  description: INodeTypeDescription = description;

  methods = { credentialTest: { keyBsApiTest: testCredentials } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return router.call(this);
  }
}
