/** Labels and help for the generated fields; a field not named here gets a label from its key. */

const WORDS: Record<string, string> = { id: 'ID', url: 'URL', sla: 'SLA', pct: '%', ref: 'reference' };

export function labelOf(key: string): string {
  const words = key.split('_').map((w) => WORDS[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const HELP: Record<string, string> = {
  supplier: 'The legal name, 1-300 characters.',
  country_code: 'The jurisdiction of the registry (ISO 3166-1 alpha-2).',
  registration_id: 'The company number in its registry (e.g. 09446231 in GB, 1287654-K in MY).',
  package: 'basic: automated checks; standard: adds beneficial owners; enhanced: an analyst reviews every order.',
  external_ref: 'Your own id for the supplier (CRM or procurement id), up to 128 characters.',
  metadata: 'Up to 20 keys; values up to 500 characters.',
  beneficiaries: 'The declared ultimate beneficial owners, up to 25.',
  webhook_url: "Send this order's events only to this registered webhook endpoint.",
  idempotency_key:
    'Map a stable id (a row or record id): a retried or replayed run then returns the first verification ' +
    'instead of ordering again (the hub keeps keys 24 h).',
  limit: 'How many verifications to return (1-100), newest first.',
};
