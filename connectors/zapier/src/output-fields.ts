import type { Decision, StatusChanged, Verification } from '@keybs/sdk';
import type { PlainOutputField } from 'zapier-platform-core';

type FieldType = NonNullable<PlainOutputField['type']>;

/** An output field whose key is checked against the contract type it describes. */
function field<T>(key: keyof T & string, label: string, type: FieldType = 'string'): PlainOutputField {
  return { key, label, type };
}

export const decisionOutputFields: PlainOutputField[] = [
  { ...field<Decision>('verification_id', 'Verification ID'), primary: true },
  field<Decision>('status', 'Status'),
  field<Decision>('trust_score', 'Trust score (0-100)', 'integer'),
  field<Decision>('risk_band', 'Risk band'),
  field<Decision>('confidence', 'Confidence (0-1)', 'number'),
  field<Decision>('country_tier', 'Country tier', 'integer'),
  field<Decision>('registry_status', 'Registry status'),
  field<Decision>('sanctions_status', 'Sanctions status'),
  field<Decision>('document_score', 'Document score (0-1)', 'number'),
  field<Decision>('beneficiary', 'Beneficial owners'),
  field<Decision>('analyst', 'Analyst'),
  field<Decision>('recommendation', 'Recommendation'),
  field<Decision>('signed_at', 'Signed at', 'datetime'),
  field<Decision>('report_url', 'Report URL'),
  field<Decision>('supplier', 'Supplier'),
  field<Decision>('country_code', 'Country code'),
  field<Decision>('registration_id', 'Registration ID'),
  field<Decision>('external_ref', 'External reference'),
  field<Decision>('livemode', 'Live mode', 'boolean'),
];

export const statusChangedOutputFields: PlainOutputField[] = [
  { ...field<StatusChanged>('verification_id', 'Verification ID'), primary: true },
  { ...field<StatusChanged>('status', 'Status'), primary: true },
  field<StatusChanged>('previous_status', 'Previous status'),
  field<StatusChanged>('country_tier', 'Country tier', 'integer'),
  field<StatusChanged>('confidence', 'Confidence (0-1)', 'number'),
  field<StatusChanged>('assigned_reviewer', 'Assigned reviewer'),
  { ...field<StatusChanged>('changed_at', 'Changed at', 'datetime'), primary: true },
  field<StatusChanged>('external_ref', 'External reference'),
  field<StatusChanged>('livemode', 'Live mode', 'boolean'),
];

export const verificationOutputFields: PlainOutputField[] = [
  field<Verification>('verification_id', 'Verification ID'),
  field<Verification>('status', 'Status'),
  field<Verification>('supplier', 'Supplier'),
  field<Verification>('country_code', 'Country code'),
  field<Verification>('registration_id', 'Registration ID'),
  field<Verification>('package', 'Package'),
  field<Verification>('external_ref', 'External reference'),
  field<Verification>('country_tier', 'Country tier', 'integer'),
  field<Verification>('estimated_sla', 'Estimated SLA (ISO 8601 duration)'),
  field<Verification>('due_at', 'Due at', 'datetime'),
  field<Verification>('confidence', 'Confidence (0-1)', 'number'),
  field<Verification>('assigned_reviewer', 'Assigned reviewer'),
  field<Verification>('webhook_url', 'Webhook URL'),
  field<Verification>('livemode', 'Live mode', 'boolean'),
  field<Verification>('created_at', 'Created at', 'datetime'),
  field<Verification>('updated_at', 'Updated at', 'datetime'),
  // Zapier flattens nested objects with `__`: the decision, once issued.
  { key: 'decision__trust_score', label: 'Decision: trust score', type: 'integer' },
  { key: 'decision__risk_band', label: 'Decision: risk band', type: 'string' },
  { key: 'decision__recommendation', label: 'Decision: recommendation', type: 'string' },
  { key: 'decision__report_url', label: 'Decision: report URL', type: 'string' },
];
