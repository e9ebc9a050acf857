import type { Decision, StatusChanged, Verification } from '@keybs/sdk';

/** Samples shown in the Zap editor when an account has nothing yet; typed so they keep the contract's shape. */

export const decisionSample: Decision = {
  verification_id: 'KBS-VR-2026-000184',
  status: 'completed',
  trust_score: 87,
  risk_band: 'low',
  confidence: 0.92,
  country_tier: 2,
  registry_status: 'active',
  sanctions_status: 'clear',
  document_score: 0.94,
  beneficiary: 'partial_match',
  analyst: 'A. Okafor',
  recommendation: 'proceed_with_controls',
  signed_at: '2026-05-27T17:08:00Z',
  report_url: 'https://trust.keybs.io/profile/KBS-VR-2026-000184',
  supplier: 'Meridian Components Sdn. Bhd.',
  country_code: 'MY',
  registration_id: '1287654-K',
  external_ref: 'SUP-10442',
  livemode: false,
};

export const statusChangedSample: StatusChanged = {
  verification_id: 'KBS-VR-2026-000184',
  status: 'in_review',
  previous_status: 'in_progress',
  country_tier: 2,
  confidence: 0.81,
  assigned_reviewer: 'A. Okafor',
  changed_at: '2026-05-27T11:09:00Z',
  external_ref: 'SUP-10442',
  livemode: false,
};

export const verificationSample: Verification = {
  verification_id: 'KBS-VR-2026-000184',
  object: 'verification',
  status: 'in_progress',
  supplier: 'Meridian Components Sdn. Bhd.',
  country_code: 'MY',
  registration_id: '1287654-K',
  package: 'enhanced',
  external_ref: 'SUP-10442',
  metadata: {},
  beneficiaries: [],
  webhook_url: null,
  livemode: false,
  country_tier: 2,
  estimated_sla: 'PT6H',
  due_at: '2026-05-27T17:04:00Z',
  confidence: null,
  assigned_reviewer: null,
  checks: [],
  decision: null,
  created_at: '2026-05-27T11:04:00Z',
  updated_at: '2026-05-27T11:04:00Z',
};
