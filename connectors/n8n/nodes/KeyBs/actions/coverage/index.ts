import type { INodeProperties } from 'n8n-workflow';
import * as list from './list.operation';

export { list };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['coverage'] } },
    options: [
      {
        name: 'Get Many',
        value: 'list',
        description: 'List covered jurisdictions with tier and median turnaround',
        action: 'Get many jurisdictions',
      },
    ],
    default: 'list',
  },
  ...list.description,
];
