import type { List, StatusChanged, Verification } from '@keybs/sdk';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { hubJson } from '../hub.js';
import { statusChangedOutputFields } from '../output-fields.js';
import { statusChangedSample } from '../samples.js';
import { receive, subscribe, unsubscribe } from './rest-hook.js';

/** A verification's current status in the shape of a `status_changed` delivery (the previous one is unknown). */
function asStatusChange(v: Verification): StatusChanged {
  return {
    verification_id: v.verification_id,
    status: v.status,
    previous_status: null,
    country_tier: v.country_tier,
    confidence: v.confidence,
    assigned_reviewer: v.assigned_reviewer,
    changed_at: v.updated_at,
    external_ref: v.external_ref,
    livemode: v.livemode,
  };
}

/** Samples for the Zap editor: the latest verifications. */
async function recentChanges(z: ZObject, bundle: Bundle): Promise<StatusChanged[]> {
  const page = await hubJson<List<Verification>>(z, bundle, {
    method: 'GET',
    path: '/v1/verifications',
    params: { limit: 10 },
  });
  return page.data.map(asStatusChange);
}

export const statusChanged = {
  key: 'status_changed',
  noun: 'Status Change',
  display: {
    label: 'Verification Status Changed',
    description: 'Triggers when a verification moves to in progress, in review, completed or cancelled.',
  },
  operation: {
    type: 'hook',
    performSubscribe: subscribe('status_changed', 'Verification Status Changed'),
    performUnsubscribe: unsubscribe,
    perform: receive<StatusChanged>('status_changed'),
    performList: recentChanges,
    sample: { ...statusChangedSample, event_id: 'evt_sample' },
    outputFields: [...statusChangedOutputFields, { key: 'event_id', label: 'Delivery ID (X-KeyBS-Delivery)' }],
  },
} satisfies Trigger;
