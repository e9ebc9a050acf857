import { createHash } from 'node:crypto';
import { CompactSign } from 'jose';
import type { Clock } from '../domain/clock.js';
import { ApiError, notFound } from '../domain/errors.js';
import type { VerificationRecord } from '../store/records.js';
import type { ReportRecord } from '../store/report-store.js';
import type { Store } from '../store/store.js';
import { buildDossier } from './dossier.js';
import { renderReportPdf } from './pdf.js';
import { REPORT_ALG, type SigningKeys } from './signing-keys.js';

/** Decisions older than this when the loop reaches them get their report at the first fetch instead. */
const EAGER_WINDOW_MS = 60 * 60_000;

/** The JWS `typ` of a report, so a report's signature cannot be mistaken for any other JWS of ours. */
export const REPORT_JWS_TYPE = 'keybs-report+jws';

/**
 * Signed reports. Each is issued once, right after its decision (by the report loop, or by the first fetch if
 * that comes sooner), and stored: every later fetch returns the same bytes.
 */
export class Reports {
  constructor(
    private readonly store: Store,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
  ) {}

  /** The stored report; 404 for an unknown verification, 409 `report_not_ready` before the decision. */
  async get(livemode: boolean, id: string): Promise<ReportRecord> {
    const stored = await this.store.reports.get(livemode, id);
    if (stored) return stored;
    const v = await this.store.verifications.get(livemode, id);
    if (!v) throw notFound('verification', id);
    if (!v.decision) {
      throw new ApiError('report_not_ready', `Verification ${id} is ${v.status}; its report comes with the decision.`);
    }
    return this.issue(v);
  }

  /**
   * Issues the reports of decisions the loop has not seen yet; returns whether it read a full batch. A report
   * that fails is reported to `onError` and left for the first fetch to issue, so one cannot hold up the rest.
   */
  async issuePending(limit: number, onError: (id: string, error: unknown) => void): Promise<boolean> {
    const { decisions, upTo, read } = await this.store.reports.pending(limit);
    for (const d of decisions) {
      try {
        if (await this.store.reports.get(d.livemode, d.id)) continue;
        const v = await this.store.verifications.get(d.livemode, d.id);
        // A backlog of old decisions (after a long outage, or imported) is left to the first fetch, so
        // catching up never takes the CPU from live traffic for long.
        if (v?.decision && v.decidedAt !== null && this.clock.now() - v.decidedAt <= EAGER_WINDOW_MS)
          await this.issue(v);
      } catch (error) {
        onError(d.id, error);
      }
    }
    await this.store.reports.advanceCursor(upTo);
    return read === limit;
  }

  private async issue(v: VerificationRecord): Promise<ReportRecord> {
    const [checks, audit, events, documents] = await Promise.all([
      this.store.verifications.checks(v.id),
      this.store.verifications.auditOf([v.id]).then((m) => m.get(v.id) ?? []),
      this.store.events.forVerification(v.id),
      this.store.documents.list(v.livemode, v.id),
    ]);
    const key = await this.keys.signingKey();
    const unsigned = buildDossier(
      v,
      { checks, audit, events, documents },
      { publicUrl: this.publicUrl(), kid: key.kid },
    );
    const pdf = Buffer.from(await renderReportPdf(unsigned));
    const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
    const dossier = JSON.stringify({ ...unsigned, pdf_sha256: pdfSha256 });
    const jws = await new CompactSign(new TextEncoder().encode(dossier))
      .setProtectedHeader({ alg: REPORT_ALG, kid: key.kid, typ: REPORT_JWS_TYPE })
      .sign(key.privateKey);
    return this.store.reports.insert({
      verificationId: v.id,
      livemode: v.livemode,
      kid: key.kid,
      dossier,
      jws,
      pdf,
      pdfSha256,
      createdAt: this.clock.now(),
    });
  }
}
