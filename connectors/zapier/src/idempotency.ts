import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same order always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `Idempotency-Key` of one order. Zapier gives an action no run id, so the key is derived from what
 * the run sends: the Zap (when Zapier names it) and the order itself. A retried or replayed run sends the
 * same order, gets the same key, and the hub answers with the first verification instead of a second one
 * (the hub keeps keys 24 h). A key the user maps explicitly wins.
 */
export function orderIdempotencyKey(order: unknown, zapId: string | undefined, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  const digest = createHash('sha256')
    .update(canonicalJson({ zap: zapId ?? null, order }))
    .digest('hex');
  return `zapier-${digest.slice(0, 48)}`;
}
