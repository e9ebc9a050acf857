import type { Decision, List, Verification } from '@keybs/sdk';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { hubJson } from '../hub.js';
import { decisionOutputFields } from '../output-fields.js';
import { decisionSample } from '../samples.js';
import { receive, subscribe, unsubscribe } from './rest-hook.js';

/** Samples for the Zap editor: the decisions of the latest completed verifications. */
async function recentDecisions(z: ZObject, bundle: Bundle): Promise<Decision[]> {
  const page = await hubJson<List<Verification>>(z, bundle, {
    method: 'GET',
    path: '/v1/verifications',
    params: { status: 'completed', limit: 10 },
  });
  return page.data.flatMap((v) => (v.decision ? [v.decision] : []));
}

export const decisionIssued = {
  key: 'decision_issued',
  noun: 'Decision',
  display: {
    label: 'Decision Issued',
    description: 'Triggers when a verification completes with a decision (trust score, risk band, recommendation).',
  },
  operation: {
    type: 'hook',
    performSubscribe: subscribe('decision_issued', 'Decision Issued'),
    performUnsubscribe: unsubscribe,
    perform: receive<Decision>('decision_issued'),
    performList: recentDecisions,
    sample: { ...decisionSample, event_id: 'evt_sample' },
    outputFields: [...decisionOutputFields, { key: 'event_id', label: 'Delivery ID (X-KeyBS-Delivery)' }],
  },
} satisfies Trigger;
