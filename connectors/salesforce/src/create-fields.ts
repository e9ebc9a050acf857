import type { SalesforceConfig } from './config.js';
import { KEYBS_FIELDS } from './fields.js';
import { SalesforceTransport } from './transport.js';

/** The Metadata API CustomField of each KeyBS field, on Account. */
export function customFields(): Record<string, unknown>[] {
  return KEYBS_FIELDS.map(({ name, ...field }) => ({
    fullName: `Account.${name}`,
    ...field,
    description: 'Written by the KeyBS Hub Salesforce plugin on each decision.',
  }));
}

/** Upserts the fields; returns a line per field, or throws with Salesforce's errors. */
export async function createFields(config: SalesforceConfig): Promise<string[]> {
  const results = await new SalesforceTransport(config).upsertFields(customFields());
  const failed = results.filter((r) => !r.success);
  if (failed.length > 0) throw new Error(`Metadata API refused: ${JSON.stringify(failed)}`);
  return results.map((r) => `${r.fullName}: ${r.created ? 'created' : 'updated'}`);
}
