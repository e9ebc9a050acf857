import { z } from 'zod';
import { Timestamp } from './common.js';
import { DocumentChecks, DocumentMediaType, DocumentType } from './documents.js';
import { ReviewAuditEntry } from './reviews.js';
import { CheckStatus, CheckType, Decision, Package } from './verifications.js';

/** What the report says about one check: its stored result, evidence included. */
export const DossierCheck = z.object({
  type: CheckType,
  status: CheckStatus,
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
  findings: z.record(z.string(), z.unknown()).nullable(),
  completed_at: Timestamp.nullable(),
});

export const DossierDocument = z.object({
  id: z.string(),
  type: DocumentType,
  filename: z.string(),
  content_type: DocumentMediaType,
  size: z.number().int(),
  sha256: z.string(),
  checks: DocumentChecks,
  uploaded_at: Timestamp,
});

export const ScoreComponent = z.object({
  check: CheckType,
  points: z.number(),
  max: z.number(),
  coverage: z.number(),
  reason: z.string(),
});

/**
 * The signed dossier: the decision, every check with its evidence, the score's components, the documents'
 * checks, the review audit trail, the timeline, and the SHA-256 of the PDF rendering of the same facts.
 */
export const Dossier = z
  .object({
    object: z.literal('verification_report'),
    schema_version: z.literal(1),
    verification_id: z.string(),
    livemode: z.boolean(),
    issued_at: Timestamp,
    issuer: z.object({ name: z.string(), url: z.string(), jwks_url: z.string() }),
    supplier: z.object({
      name: z.string(),
      country_code: z.string(),
      registration_id: z.string(),
      external_ref: z.string().nullable(),
    }),
    package: Package,
    country_tier: z.number().int(),
    decision: Decision,
    score_components: z.array(ScoreComponent),
    checks: z.array(DossierCheck),
    documents: z.array(DossierDocument),
    review: z.array(ReviewAuditEntry),
    timeline: z.array(z.object({ at: Timestamp, event: z.string(), status: z.string().nullable() })),
    signing: z.object({ alg: z.literal('EdDSA'), kid: z.string() }),
    pdf_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .meta({ id: 'Dossier' });
export type Dossier = z.infer<typeof Dossier>;

/** `GET /v1/verifications/:id/report` (JSON): the dossier and its compact JWS (payload: the dossier's JSON). */
export const Report = z.object({ dossier: Dossier, jws: z.string() }).meta({ id: 'Report' });
export type Report = z.infer<typeof Report>;

export const JsonWebKey = z
  .object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })
  .meta({ id: 'JsonWebKey' });

export const JsonWebKeySet = z.object({ keys: z.array(JsonWebKey) }).meta({ id: 'JsonWebKeySet' });
export type JsonWebKeySet = z.infer<typeof JsonWebKeySet>;

/** The public trust profile's JSON variant: the minimum a counter-party needs, nothing private. */
export const TrustProfile = z
  .object({
    object: z.literal('trust_profile'),
    verification_id: z.string(),
    supplier: z.string(),
    country_code: z.string(),
    status: z
      .enum(['verified', 'not_verified'])
      .meta({ description: '`verified` when the decision is `proceed` or `proceed_with_controls`.' }),
    risk_band: z.string(),
    signed_at: Timestamp,
    livemode: z.boolean(),
    verified_by: z.literal('KeyBS'),
    report_kid: z.string().nullable(),
    jwks_url: z.string(),
    how_to_verify: z.string(),
    jws: z
      .string()
      .meta({ description: 'Compact JWS (EdDSA) over this object without `jws`; verify it with the JWKS.' }),
  })
  .meta({ id: 'TrustProfile' });
export type TrustProfile = z.infer<typeof TrustProfile>;
