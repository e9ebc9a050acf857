import type { CheckType } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import type { DocumentRecord } from '../store/document-store.js';
import type { AuditEntry, CheckRecord, EventRecord, VerificationRecord } from '../store/records.js';
import type { UnsignedDossier } from './pdf.js';

export interface DossierFacts {
  checks: CheckRecord[];
  audit: AuditEntry[];
  events: EventRecord[];
  documents: DocumentRecord[];
}

export interface Issuer {
  publicUrl: string;
  kid: string;
}

const time = (ms: number | null) => (ms === null ? null : rfc3339(ms));

/** The dossier of a decided verification, from its stored records only (the PDF's hash is added after). */
export function buildDossier(v: VerificationRecord, facts: DossierFacts, issuer: Issuer): UnsignedDossier {
  if (!v.decision || !v.assessment || v.decidedAt === null) throw new Error(`${v.id} has no decision`);
  return {
    object: 'verification_report',
    schema_version: 1,
    verification_id: v.id,
    livemode: v.livemode,
    issued_at: rfc3339(v.decidedAt),
    issuer: { name: 'KeyBS Hub', url: issuer.publicUrl, jwks_url: `${issuer.publicUrl}/.well-known/jwks.json` },
    supplier: {
      name: v.supplier,
      country_code: v.countryCode,
      registration_id: v.registrationId,
      external_ref: v.externalRef,
    },
    package: v.package,
    country_tier: v.countryTier,
    decision: v.decision,
    score_components: v.assessment.components.map((c) => ({
      check: c.check as CheckType,
      points: c.points,
      max: c.max,
      coverage: c.coverage,
      reason: c.reason,
    })),
    checks: facts.checks.map((c) => ({
      type: c.type,
      status: c.status,
      outcome: c.outcome,
      summary: c.summary,
      findings: c.findings,
      completed_at: time(c.completedAt),
    })),
    documents: facts.documents.map((d) => ({
      id: d.id,
      type: d.type,
      filename: d.filename,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      checks: d.checks,
      uploaded_at: rfc3339(d.createdAt),
    })),
    review: facts.audit.map((a) => ({
      at: rfc3339(a.at),
      actor: a.actor,
      action: a.action,
      before: a.before,
      after: a.after,
    })),
    timeline: facts.events.map((e) => ({
      at: rfc3339(e.createdAt),
      event: e.type,
      status: statusOf(e.payload),
    })),
    signing: { alg: 'EdDSA', kid: issuer.kid },
  };
}

function statusOf(payload: unknown): string | null {
  const status = (payload as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : null;
}
