import type { NewEvent, VerificationRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import type { WebhookEndpointRecord } from '../../src/store/webhook-records.js';

/** A verification as the domain would create it, enough for store tests. */
export function verification(id: string, now: number): VerificationRecord {
  return {
    id,
    livemode: false,
    status: 'in_progress',
    supplier: 'Northwind Traders Ltd',
    countryCode: 'GB',
    registrationId: '09446231',
    package: 'basic',
    externalRef: null,
    metadata: { b: '2', a: '1' },
    beneficiaries: [],
    webhookUrl: null,
    webhookEndpointId: null,
    countryTier: 1,
    estimatedSla: 'PT4H',
    dueAt: now + 3_600_000,
    confidence: null,
    assignedReviewer: null,
    decision: null,
    assessment: null,
    createdAt: now,
    updatedAt: now,
    decidedAt: null,
    reviewClaimedAt: null,
    reviewEscalatedAt: null,
    version: 0,
    workAfter: now,
  };
}

export const statusEvent = (id: string, verificationId: string, now: number): NewEvent => ({
  id,
  type: 'verification.status_changed',
  livemode: false,
  verificationId,
  payload: { id: verificationId },
  createdAt: now,
});

/** Orders one verification through the store; returns its id. */
export async function order(store: Store, tag: string, now: number): Promise<string> {
  const outcome = await store.verifications.create((n) => {
    const id = `KBS-VR-2026-${String(n).padStart(6, '0')}`;
    return { verification: verification(id, now), checks: [], events: [statusEvent(`evt_${tag}`, id, now)] };
  }, 2026);
  if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`);
  return outcome.record.id;
}

export function endpoint(id: string, now: number): WebhookEndpointRecord {
  return {
    id,
    livemode: false,
    url: `https://example.com/${id}`,
    events: ['status_changed', 'decision_issued'],
    description: null,
    status: 'enabled',
    disabledReason: null,
    secret: 'sealed',
    previousSecret: null,
    previousSecretExpiresAt: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}
