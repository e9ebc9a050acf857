import type {
  AttemptOutcome,
  AttemptRecord,
  ClaimedDelivery,
  DeliveryRecord,
  WebhookEndpointRecord,
} from './webhook-records.js';

export interface WebhookStore {
  insertEndpoint(e: WebhookEndpointRecord): Promise<void>;
  getEndpoint(livemode: boolean, id: string): Promise<WebhookEndpointRecord | undefined>;
  /** The enabled, not deleted endpoint of an environment with exactly this URL. */
  findEnabledByUrl(livemode: boolean, url: string): Promise<WebhookEndpointRecord | undefined>;
  listEndpoints(
    livemode: boolean,
    limit: number,
    startingAfter?: string,
  ): Promise<{ data: WebhookEndpointRecord[]; hasMore: boolean } | undefined>;
  updateEndpoint(e: WebhookEndpointRecord): Promise<void>;

  /**
   * Turns events after the dispatcher's cursor into deliveries for the matching endpoints and moves the
   * cursor, in one transaction. Returns how many events it read.
   */
  fanOut(now: number, limit: number, newId: () => string): Promise<number>;
  /** New deliveries of past events (since `since`) for one endpoint. */
  replay(endpoint: WebhookEndpointRecord, since: number, now: number, newId: () => string): Promise<number>;
  insertDelivery(d: DeliveryRecord): Promise<void>;
  /** Enabled endpoints that have deliveries due now. */
  dueEndpoints(now: number): Promise<{ endpointId: string }[]>;
  /** Takes up to `limit` due deliveries of an endpoint, locking them until `lockUntil`. */
  claim(endpointId: string, now: number, lockUntil: number, limit: number): Promise<ClaimedDelivery[]>;
  recordAttempt(deliveryId: string, endpointId: string, outcome: AttemptOutcome, now: number): Promise<void>;
  getDelivery(endpointId: string, id: string): Promise<DeliveryRecord | undefined>;
  /** Puts a delivery back in the queue for an attempt now. */
  requeue(id: string, now: number): Promise<void>;
  listDeliveries(
    endpointId: string,
    limit: number,
    startingAfter?: string,
  ): Promise<{ data: DeliveryRecord[]; hasMore: boolean } | undefined>;
  attemptsFor(deliveryIds: string[]): Promise<Map<string, AttemptRecord[]>>;
  /** Deletes attempts and finished deliveries older than `before`. */
  purge(before: number): Promise<number>;
  /** When the next pending delivery of an enabled endpoint is due, if any. */
  nextDue(): Promise<number | null>;
}
