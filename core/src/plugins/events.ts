import { rfc3339 } from '../domain/clock.js';
import type { ClaimedPluginEvent } from '../store/plugin-store.js';
import type { PluginEvent } from './definition.js';

/** An event of the log as a plugin sees it: the webhook payload plus its id, position and attempt number. */
export function toPluginEvent({ event, delivery }: ClaimedPluginEvent): PluginEvent {
  return {
    id: event.id,
    seq: event.seq,
    livemode: event.livemode,
    verification_id: event.verificationId,
    created_at: rfc3339(event.createdAt),
    attempt: delivery.attempts + 1,
    type: event.type,
    payload: event.payload,
  } as PluginEvent;
}
