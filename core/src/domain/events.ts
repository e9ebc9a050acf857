import type { Decision, StatusChanged } from '@keybs/contract';
import type { NewEvent, VerificationRecord } from '../store/records.js';
import { rfc3339 } from './clock.js';
import { newId } from './ids.js';

/** `verification.status_changed`, written in the same transaction as the change. */
export function statusChangedEvent(
  after: VerificationRecord,
  previous: VerificationRecord['status'] | null,
  at: number,
): NewEvent {
  const payload: StatusChanged = {
    verification_id: after.id,
    status: after.status,
    previous_status: previous,
    country_tier: after.countryTier,
    confidence: after.confidence,
    assigned_reviewer: after.assignedReviewer,
    changed_at: rfc3339(at),
    external_ref: after.externalRef,
    livemode: after.livemode,
  };
  return {
    id: newId('evt'),
    type: 'verification.status_changed',
    livemode: after.livemode,
    verificationId: after.id,
    payload,
    createdAt: at,
  };
}

/** `verification.completed`: the decision object is the payload. */
export function decisionIssuedEvent(decision: Decision, at: number): NewEvent {
  return {
    id: newId('evt'),
    type: 'verification.completed',
    livemode: decision.livemode,
    verificationId: decision.verification_id,
    payload: decision,
    createdAt: at,
  };
}
