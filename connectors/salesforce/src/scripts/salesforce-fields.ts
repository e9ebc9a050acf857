#!/usr/bin/env node
// Creates (or updates) the KeyBS custom fields on Account through the Salesforce Metadata API, using the
// plugin's own config from the hub's config file:
//
//   npx keybs-salesforce-fields --config keybs.json
//
// Prints one line per field and exits 0, or 1 with Salesforce's error. Afterwards grant the integration
// user's profile or permission set edit access to the fields (field-level security).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SalesforceConfig } from '../config.js';
import { createFields } from '../create-fields.js';

const PACKAGE = '@keybs/connector-salesforce';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  const file = values.config ?? process.env.KEYBS_CONFIG;
  if (!file) throw new Error('give the hub config file: --config FILE (or KEYBS_CONFIG)');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { plugins?: { package: string; config?: unknown }[] };
  const entry = json.plugins?.find((p) => p.package === PACKAGE);
  if (!entry) throw new Error(`${file} does not enable ${PACKAGE}`);
  const config = SalesforceConfig.parse(entry.config ?? {});
  for (const line of await createFields(config)) console.log(line);
}

main().catch((error: unknown) => {
  console.error(`salesforce-fields: ${(error as Error).message}`);
  process.exit(1);
});
