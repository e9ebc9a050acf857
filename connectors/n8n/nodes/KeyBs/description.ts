import type { INodeTypeDescription } from 'n8n-workflow';
import * as coverage from './actions/coverage';
import * as verification from './actions/verification';
import { ROUTE_OUTPUTS } from './actions/verification/route.operation';

/** One output, or Pass / Review / Pending when routing (n8n evaluates this per node). */
const outputs = `={{ $parameter.operation === "route" ? ${JSON.stringify(
  ROUTE_OUTPUTS.map((displayName) => ({ type: 'main', displayName })),
)} : ["main"] }}` as const;

export const description: INodeTypeDescription = {
  displayName: 'KeyBS',
  name: 'keyBs',
  icon: 'file:keybs.svg',
  group: ['transform'],
  version: 1,
  subtitle: '={{ $parameter.operation + ": " + $parameter.resource }}',
  description: 'Order, read and route supplier verifications (KYB) on a KeyBS Hub',
  defaults: { name: 'KeyBS' },
  usableAsTool: true,
  inputs: ['main'],
  outputs,
  credentials: [{ name: 'keyBsApi', required: true, testedBy: 'keyBsApiTest' }],
  properties: [
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'Verification', value: 'verification' },
        { name: 'Coverage', value: 'coverage' },
      ],
      default: 'verification',
    },
    ...verification.description,
    ...coverage.description,
  ],
};
