import type { WebhookSubscription } from '@keybs/contract';

export interface WebhookEndpointRecord {
  id: string;
  livemode: boolean;
  url: string;
  events: WebhookSubscription[];
  description: string | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  /** Sealed with the master key (never stored in clear). */
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  /** First failure since the last success; five days of it disables the endpoint. */
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  livemode: boolean;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lockedUntil: number | null;
  /** Set for deliveries that carry their own body (test pings); others read the event's payload. */
  payload: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

/** A delivery claimed for sending, with what the sender needs. */
export interface ClaimedDelivery {
  delivery: DeliveryRecord;
  endpoint: WebhookEndpointRecord;
  /** The exact JSON text to send. */
  body: string;
}

/** What the dispatcher decided after an attempt; applied in one transaction with the attempt row. */
export interface AttemptOutcome {
  attempt: AttemptRecord;
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  endpoint: { failingSince: number | null; disable: string | null };
}
