import { z } from 'zod';
import { Duration, Timestamp } from './common.js';

export const VERIFICATION_ID_PATTERN = /^KBS-VR-\d{4}-\d{6,}$/;

export const Package = z.enum(['basic', 'standard', 'enhanced']);
export type Package = z.infer<typeof Package>;

export const VerificationStatus = z.enum(['in_progress', 'in_review', 'completed', 'cancelled']);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((s) => s.toUpperCase());

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'must be a real calendar date');

export const Beneficiary = z
  .object({
    name: z.string().trim().min(1).max(300),
    ownership_pct: z.number().min(0).max(100).optional(),
    date_of_birth: IsoDate.optional(),
    nationality: CountryCode.optional(),
  })
  .strict();
export type Beneficiary = z.infer<typeof Beneficiary>;

export const Metadata = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 20, 'may have at most 20 keys');

export const OrderVerificationRequest = z
  .object({
    supplier: z.string().trim().min(1).max(300),
    country_code: CountryCode,
    registration_id: z.string().trim().min(1).max(64),
    package: Package.default('standard'),
    external_ref: z.string().trim().min(1).max(128).optional(),
    metadata: Metadata.optional(),
    beneficiaries: z.array(Beneficiary).max(25).optional(),
    webhook_url: z.string().max(2048).optional(),
  })
  .strict()
  .meta({ id: 'OrderVerificationRequest' });
export type OrderVerificationRequest = z.input<typeof OrderVerificationRequest>;
export type OrderVerification = z.output<typeof OrderVerificationRequest>;

export const CHECK_TYPES = ['identifier', 'registry', 'sanctions', 'beneficiaries', 'documents'] as const;
export const CheckType = z.enum(CHECK_TYPES);
export type CheckType = z.infer<typeof CheckType>;

export const CheckStatus = z.enum(['pending', 'completed', 'failed']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const Check = z
  .object({
    type: CheckType,
    status: CheckStatus,
    /** The check's verdict in its own vocabulary (e.g. `active`, `valid`), or null while pending. */
    outcome: z.string().nullable(),
    /** One sentence a person can read. */
    summary: z.string().nullable(),
    /** Structured evidence the verdict rests on. */
    findings: z.record(z.string(), z.unknown()).nullable(),
    attempts: z.number().int(),
    completed_at: Timestamp.nullable(),
  })
  .meta({ id: 'Check' });
export type Check = z.infer<typeof Check>;

export const RegistryStatus = z.enum(['active', 'inactive', 'dissolved', 'not_found', 'unavailable']);
export type RegistryStatus = z.infer<typeof RegistryStatus>;
export const SanctionsStatus = z.enum(['clear', 'potential_match', 'match']);
export type SanctionsStatus = z.infer<typeof SanctionsStatus>;
export const BeneficiaryResult = z.enum(['match', 'partial_match', 'no_match', 'not_provided']);
export type BeneficiaryResult = z.infer<typeof BeneficiaryResult>;
export const RiskBand = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskBand = z.infer<typeof RiskBand>;
export const Recommendation = z.enum(['proceed', 'proceed_with_controls', 'enhanced_due_diligence', 'reject']);
export type Recommendation = z.infer<typeof Recommendation>;

export const Decision = z
  .object({
    verification_id: z.string(),
    status: z.literal('completed'),
    trust_score: z.number().int().min(0).max(100),
    risk_band: RiskBand,
    confidence: z.number().min(0).max(1),
    country_tier: z.number().int().min(1).max(3),
    registry_status: RegistryStatus,
    /** null while no sanctions list has been screened (never an invented `clear`). */
    sanctions_status: SanctionsStatus.nullable(),
    document_score: z.number().min(0).max(1).nullable(),
    beneficiary: BeneficiaryResult,
    analyst: z.string().nullable(),
    recommendation: Recommendation,
    signed_at: Timestamp,
    report_url: z.string(),
    supplier: z.string(),
    country_code: z.string(),
    registration_id: z.string(),
    external_ref: z.string().nullable(),
    livemode: z.boolean(),
  })
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof Decision>;

export const Verification = z
  .object({
    verification_id: z.string().regex(VERIFICATION_ID_PATTERN),
    object: z.literal('verification'),
    status: VerificationStatus,
    supplier: z.string(),
    country_code: z.string(),
    registration_id: z.string(),
    package: Package,
    external_ref: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    beneficiaries: z.array(Beneficiary),
    webhook_url: z.string().nullable(),
    livemode: z.boolean(),
    country_tier: z.number().int().min(1).max(3),
    estimated_sla: Duration,
    due_at: Timestamp,
    confidence: z.number().min(0).max(1).nullable(),
    assigned_reviewer: z.string().nullable(),
    checks: z.array(Check),
    decision: Decision.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Verification' });
export type Verification = z.infer<typeof Verification>;

export const ListVerificationsQuery = z.object({
  status: VerificationStatus.optional(),
  country_code: CountryCode.optional(),
  external_ref: z.string().min(1).max(128).optional(),
});

/** Payload of `verification.status_changed` (webhook subscription `status_changed`). */
export const StatusChanged = z
  .object({
    verification_id: z.string(),
    status: VerificationStatus,
    previous_status: VerificationStatus.nullable(),
    country_tier: z.number().int(),
    confidence: z.number().nullable(),
    assigned_reviewer: z.string().nullable(),
    changed_at: Timestamp,
    external_ref: z.string().nullable(),
    livemode: z.boolean(),
  })
  .meta({ id: 'StatusChanged' });
export type StatusChanged = z.infer<typeof StatusChanged>;

export const EVENT_TYPES = ['verification.status_changed', 'verification.completed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
