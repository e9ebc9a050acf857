import { signKeybs, signStandard } from '@keybs/contract';

/** The headers of one delivery attempt (contract §5): KeyBS's own and the Standard Webhooks set. */
export function deliveryHeaders(
  eventType: string,
  eventId: string,
  body: string,
  secrets: readonly string[],
  timestamp: number,
): Record<string, string> {
  return {
    'X-KeyBS-Event': eventType,
    'X-KeyBS-Delivery': eventId,
    'X-KeyBS-Timestamp': String(timestamp),
    'X-KeyBS-Signature': secrets.map((s) => signKeybs(s, timestamp, body)).join(','),
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signStandard(s, eventId, timestamp, body)).join(' '),
  };
}
