import {
  Decision,
  ListQuery,
  ListVerificationsQuery,
  OrderVerificationRequest,
  StatusChanged,
  Verification,
  WEBHOOK_SUBSCRIPTIONS,
} from '@keybs/contract';
import { bodyValueOf, interfaceOf, mergedInterface, parametersOf } from './fields.js';
import { SchemaDocument } from './json-schema.js';
import { HELP } from './labels.js';
import type { MakeBase, MakeField, MakeRequest } from './make-types.js';

/** Every component of the Make app, derived from the contract's zod schemas. */

const ERROR_MESSAGE = '[{{statusCode}}] {{body.error.code}}: {{body.error.message}}';
const SANITIZE = { sanitize: ['request.headers.authorization'] };
const COUNTRIES = 'rpc://listCountries';

export const base: MakeBase = {
  baseUrl: '{{connection.baseUrl}}',
  headers: { Authorization: 'Bearer {{connection.apiKey}}', Accept: 'application/json' },
  response: { error: { message: ERROR_MESSAGE } },
  log: SANITIZE,
};

export const connection = {
  params: [
    {
      name: 'apiKey',
      type: 'password',
      label: 'API key',
      required: true,
      help: 'sk_test_… or sk_live_…, with the scopes verifications:read, verifications:write, webhooks:write, coverage:read.',
    },
    {
      name: 'baseUrl',
      type: 'url',
      label: 'Hub URL',
      required: true,
      help: 'Where your KeyBS hub answers, e.g. https://kyb.example.com (no /v1, no trailing slash).',
    },
  ] satisfies MakeField[],
  /** The connection test: an authenticated read; a wrong key shows the hub's code and message. */
  communication: {
    url: '{{parameters.baseUrl}}/v1/verifications',
    method: 'GET',
    qs: { limit: 1 },
    headers: { Authorization: 'Bearer {{parameters.apiKey}}', Accept: 'application/json' },
    response: { error: { message: ERROR_MESSAGE } },
    log: SANITIZE,
  } satisfies MakeRequest,
};

const order = new SchemaDocument(OrderVerificationRequest, 'input');
const verification = interfaceOf(new SchemaDocument(Verification, 'output'));

const orderParameters: MakeField[] = [
  ...parametersOf(order, { country_code: COUNTRIES }),
  { name: 'idempotency_key', type: 'text', label: 'Idempotency key', help: HELP.idempotency_key ?? '' },
];

const orderBody = Object.fromEntries(
  order.properties(order.root).map(([name, schema]) => [name, bodyValueOf(order, name, schema)]),
);

const listQuery = new SchemaDocument(ListVerificationsQuery, 'input');
const limit = new SchemaDocument(ListQuery, 'input');
const searchParameters: MakeField[] = [
  ...parametersOf(listQuery, { country_code: COUNTRIES }),
  ...parametersOf(limit).filter((p) => p.name === 'limit'),
];

export interface ModuleDefinition {
  label: string;
  description: string;
  moduleType: 'action' | 'search' | 'instant_trigger';
  actionCrud?: 'create' | 'read';
  webhook?: string;
  communication: MakeRequest | null;
  mappableParams: MakeField[];
  interface: MakeField[];
  samples: unknown;
}

export const modules: Record<string, ModuleDefinition> = {
  orderVerification: {
    label: 'Order a Verification',
    description: 'Orders a KYB verification of a supplier (POST /v1/verifications).',
    moduleType: 'action',
    actionCrud: 'create',
    communication: {
      url: '/v1/verifications',
      method: 'POST',
      headers: { 'Idempotency-Key': '{{parameters.idempotency_key}}' },
      body: orderBody,
      type: 'json',
      response: { output: '{{body}}' },
    },
    mappableParams: orderParameters,
    interface: verification,
    samples: { verification_id: 'KBS-VR-2026-000184', status: 'in_progress', country_tier: 2, estimated_sla: 'PT6H' },
  },
  getVerification: {
    label: 'Get a Verification',
    description: 'Status, confidence, assigned reviewer, checks and the decision once issued.',
    moduleType: 'action',
    actionCrud: 'read',
    communication: {
      url: '/v1/verifications/{{encodeURL(parameters.verification_id)}}',
      method: 'GET',
      response: { output: '{{body}}' },
    },
    mappableParams: [{ name: 'verification_id', type: 'text', label: 'Verification ID', required: true }],
    interface: verification,
    samples: { verification_id: 'KBS-VR-2026-000184', status: 'completed', confidence: 0.92 },
  },
  searchVerifications: {
    label: 'Search Verifications',
    description: 'Lists verifications, newest first, by status, country or external reference.',
    moduleType: 'search',
    communication: {
      url: '/v1/verifications',
      method: 'GET',
      qs: Object.fromEntries(searchParameters.map((p) => [p.name, `{{parameters.${p.name}}}`])),
      response: { iterate: '{{body.data}}', output: '{{item}}', limit: '{{parameters.limit}}' },
    },
    mappableParams: searchParameters,
    interface: verification,
    samples: { verification_id: 'KBS-VR-2026-000184', status: 'completed', external_ref: 'SUP-10442' },
  },
  watchEvents: {
    label: 'Watch Verification Events',
    description: 'Triggers on each status change and decision the hub delivers to this scenario.',
    moduleType: 'instant_trigger',
    webhook: 'keybsEvents',
    communication: null,
    mappableParams: [],
    interface: mergedInterface(
      interfaceOf(new SchemaDocument(Decision, 'output')),
      interfaceOf(new SchemaDocument(StatusChanged, 'output')),
    ),
    samples: { verification_id: 'KBS-VR-2026-000184', status: 'completed', recommendation: 'proceed_with_controls' },
  },
};

export const webhook = {
  label: 'KeyBS verification events',
  params: [
    {
      name: 'events',
      type: 'select',
      label: 'Events',
      multiple: true,
      required: true,
      default: [...WEBHOOK_SUBSCRIPTIONS],
      options: WEBHOOK_SUBSCRIPTIONS.map((e) => ({ label: e, value: e })),
    },
  ] satisfies MakeField[],
  /** What a delivery becomes: its JSON payload (Make's IML sees no raw body, so no signature check here). */
  communication: { output: '{{body}}' },
  attach: {
    url: '/v1/webhooks',
    method: 'POST',
    body: { url: '{{webhook.url}}', events: '{{parameters.events}}', description: 'Make scenario' },
    type: 'json',
    response: { data: { externalHookId: '{{body.id}}', secret: '{{body.secret}}' } },
  } satisfies MakeRequest,
  detach: { url: '/v1/webhooks/{{encodeURL(webhook.externalHookId)}}', method: 'DELETE' } satisfies MakeRequest,
};

export const rpcs = {
  listCountries: {
    label: 'List Countries',
    communication: {
      url: '/v1/coverage',
      method: 'GET',
      response: {
        iterate: '{{body.data}}',
        output: { label: '{{item.name}} ({{item.country_code}})', value: '{{item.country_code}}' },
      },
    } satisfies MakeRequest,
  },
};
