export { SalesforceConfig } from './config.js';
export { accountIdOf, accountUpdate, KEYBS_FIELDS } from './fields.js';
export { salesforcePlugin as default, salesforcePlugin } from './plugin.js';
export { SalesforceError, SalesforceTransport } from './transport.js';
