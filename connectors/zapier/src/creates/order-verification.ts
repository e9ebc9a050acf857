import type { Beneficiary, OrderVerificationRequest, Package, Verification } from '@keybs/sdk';
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { callHub } from '../hub.js';
import { orderIdempotencyKey } from '../idempotency.js';
import { type InputData, optionalDict, optionalNumber, optionalRows, optionalText } from '../inputs.js';
import { verificationOutputFields } from '../output-fields.js';
import { verificationSample } from '../samples.js';
import { COUNTRY_DROPDOWN } from '../triggers/list-countries.js';

/** Every package with its label: a `Record` so a package added to the contract fails the build here. */
const PACKAGES: Record<Package, string> = {
  basic: 'Basic: identifier, registry and sanctions, automated',
  standard: 'Standard: adds beneficial owners; an analyst looks at doubtful cases',
  enhanced: 'Enhanced: an analyst reviews every order',
};

function required(input: InputData, key: string, label: string): string {
  const value = optionalText(input, key);
  if (value === undefined) throw new Error(`${label} is required.`);
  return value;
}

function beneficiaryOf(row: InputData, index: number): Beneficiary {
  const label = `Beneficial owner ${index + 1}`;
  const beneficiary: Beneficiary = { name: required(row, 'name', `${label}: name`) };
  const ownership = optionalNumber(row, 'ownership_pct', `${label}: ownership %`);
  if (ownership !== undefined) beneficiary.ownership_pct = ownership;
  const dob = optionalText(row, 'date_of_birth');
  if (dob !== undefined) beneficiary.date_of_birth = dob;
  const nationality = optionalText(row, 'nationality');
  if (nationality !== undefined) beneficiary.nationality = nationality;
  return beneficiary;
}

/** The request body from the form; empty optional fields are left out rather than sent empty. */
export function orderOf(input: InputData): OrderVerificationRequest {
  const order: OrderVerificationRequest = {
    supplier: required(input, 'supplier', 'Supplier'),
    country_code: required(input, 'country_code', 'Country'),
    registration_id: required(input, 'registration_id', 'Registration ID'),
  };
  const pkg = optionalText(input, 'package');
  if (pkg !== undefined) order.package = pkg as Package; // the hub refuses anything else with its own message
  const externalRef = optionalText(input, 'external_ref');
  if (externalRef !== undefined) order.external_ref = externalRef;
  const metadata = optionalDict(input, 'metadata');
  if (metadata !== undefined) order.metadata = metadata;
  const beneficiaries = optionalRows(input, 'beneficiaries')?.map(beneficiaryOf);
  if (beneficiaries !== undefined) order.beneficiaries = beneficiaries;
  const webhookUrl = optionalText(input, 'webhook_url');
  if (webhookUrl !== undefined) order.webhook_url = webhookUrl;
  return order;
}

export interface OrderResult extends Verification {
  /** The `Idempotency-Key` sent, and whether the hub answered with an earlier identical order. */
  idempotency_key: string;
  idempotent_replayed: boolean;
}

async function perform(z: ZObject, bundle: Bundle): Promise<OrderResult> {
  const order = orderOf(bundle.inputData);
  const key = orderIdempotencyKey(order, bundle.meta?.zap?.id, optionalText(bundle.inputData, 'idempotency_key'));
  const response = await callHub<Verification>(z, bundle, {
    method: 'POST',
    path: '/v1/verifications',
    body: order,
    headers: { 'Idempotency-Key': key },
  });
  return {
    ...response.data,
    idempotency_key: key,
    idempotent_replayed: response.getHeader('idempotent-replayed') === 'true',
  };
}

export const orderVerification = {
  key: 'order_verification',
  noun: 'Verification',
  display: {
    label: 'Order Verification',
    description: 'Orders a KYB verification of a supplier (registry, sanctions, beneficial owners).',
  },
  operation: {
    inputFields: [
      { key: 'supplier', label: 'Supplier', required: true, helpText: 'The legal name, 1-300 characters.' },
      { ...COUNTRY_DROPDOWN, required: true },
      {
        key: 'registration_id',
        label: 'Registration ID',
        required: true,
        helpText: 'The company number in its registry (e.g. `09446231` in GB, `1287654-K` in MY), 1-64 characters.',
      },
      { key: 'package', label: 'Package', required: false, default: 'standard', choices: PACKAGES },
      {
        key: 'external_ref',
        label: 'External reference',
        required: false,
        helpText: 'Your own id for the supplier (a CRM or procurement id), up to 128 characters; searchable later.',
      },
      {
        key: 'metadata',
        label: 'Metadata',
        required: false,
        dict: true,
        helpText: 'Up to 20 keys; values up to 500 characters.',
      },
      {
        key: 'beneficiaries',
        label: 'Declared beneficial owners',
        required: false,
        children: [
          { key: 'name', label: 'Name', required: true },
          { key: 'ownership_pct', label: 'Ownership %', type: 'number', required: false },
          { key: 'date_of_birth', label: 'Date of birth (YYYY-MM-DD)', required: false },
          { key: 'nationality', label: 'Nationality (ISO country code)', required: false },
        ],
      },
      {
        key: 'webhook_url',
        label: 'Webhook URL',
        required: false,
        helpText: "Send this order's events only to this registered webhook endpoint (it must already exist).",
      },
      {
        key: 'idempotency_key',
        label: 'Idempotency key',
        required: false,
        helpText:
          'Leave empty: the app derives one from the Zap and the order, so a retried run never orders twice. ' +
          'Map your own (e.g. a row id) to decide what counts as the same order.',
      },
    ],
    perform,
    sample: { ...verificationSample, idempotency_key: 'zapier-3f1c…', idempotent_replayed: false },
    outputFields: [
      ...verificationOutputFields,
      { key: 'idempotency_key', label: 'Idempotency key' },
      { key: 'idempotent_replayed', label: 'Replayed an earlier identical order', type: 'boolean' },
    ],
  },
} satisfies Create;
