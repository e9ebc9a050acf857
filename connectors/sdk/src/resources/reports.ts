import { JsonWebKeySet, Report, type ReportCheck, verifyReport } from '@keybs/contract';
import type { Transport } from '../transport.js';

/** Signed reports: the JSON dossier with its JWS, the PDF, the hub's public keys, and offline verification. */
export class Reports {
  constructor(private readonly transport: Transport) {}

  /** `GET /v1/verifications/:id/report`: `{dossier, jws}`; 409 `report_not_ready` before the decision. */
  retrieve(verificationId: string): Promise<Report> {
    return this.transport.request({
      method: 'GET',
      path: `/v1/verifications/${encodeURIComponent(verificationId)}/report`,
      schema: Report,
      schemaName: 'Report',
    });
  }

  /** The report's PDF (its SHA-256 is the dossier's `pdf_sha256`). */
  pdf(verificationId: string): Promise<Uint8Array> {
    return this.transport.download(`/v1/verifications/${encodeURIComponent(verificationId)}/report`, 'application/pdf');
  }

  /** The hub's report signing keys (JWKS), retired ones included. */
  signingKeys(): Promise<JsonWebKeySet> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/signing-keys',
      schema: JsonWebKeySet,
      schemaName: 'JsonWebKeySet',
    });
  }

  /**
   * Verifies a report (and its PDF, when given) against `jwks`, or against this hub's published keys. Never
   * throws for a bad report: `problems` names each failing part.
   */
  async verify(report: Report, options: { pdf?: Uint8Array; jwks?: JsonWebKeySet } = {}): Promise<ReportCheck> {
    const jwks = options.jwks ?? (await this.signingKeys());
    return verifyReport(report, jwks, options.pdf);
  }
}
