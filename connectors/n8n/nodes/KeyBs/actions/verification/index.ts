import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getReport from './getReport.operation';
import * as list from './list.operation';
import * as order from './order.operation';
import * as route from './route.operation';

export { get, getReport, list, order, route };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['verification'] } },
    options: [
      {
        name: 'Get',
        value: 'get',
        description: 'Get status, confidence, reviewer and decision',
        action: 'Get a verification',
      },
      {
        name: 'Get Many',
        value: 'list',
        description: 'List verifications, newest first',
        action: 'Get many verifications',
      },
      {
        name: 'Get Report',
        value: 'getReport',
        description: 'Get the signed report of a completed verification',
        action: 'Get a verification report',
      },
      { name: 'Order', value: 'order', description: 'Order a new verification', action: 'Order a verification' },
      {
        name: 'Route by Tier and Confidence',
        value: 'route',
        description: 'Send each item to Pass, Review or Pending',
        action: 'Route verifications by tier and confidence',
      },
    ],
    default: 'order',
  },
  ...order.description,
  ...get.description,
  ...getReport.description,
  ...list.description,
  ...route.description,
];
