import type { Dossier } from '@keybs/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { COLORS, drawable, PdfWriter } from './pdf-writer.js';

export type UnsignedDossier = Omit<Dossier, 'pdf_sha256'>;

const RECOMMENDATION_COLOR = {
  proceed: COLORS.good,
  proceed_with_controls: COLORS.good,
  enhanced_due_diligence: COLORS.warn,
  reject: COLORS.bad,
} as const;

const words = (s: string | null | undefined) => (s ? s.replaceAll('_', ' ') : '-');
const pct = (n: number | null) => (n === null ? '-' : n.toFixed(2));

/** Flattens a check's findings into readable `key: value` lines (long values and deep nesting trimmed). */
function findingLines(findings: Record<string, unknown> | null, prefix = '', depth = 0): string[] {
  if (!findings) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(findings)) {
    const label = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      out.push(...findingLines(value as Record<string, unknown>, label, depth + 1));
    } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
      out.push(`${label}: ${value.join(', ')}`);
    } else if (Array.isArray(value)) {
      out.push(`${label}: ${value.length} item(s)`);
      for (const item of value.slice(0, 5)) {
        const entries = Object.entries(item as Record<string, unknown>)
          .filter(([, v]) => v !== null && typeof v !== 'object')
          .map(([k, v]) => `${k}=${String(v)}`);
        out.push(`  - ${entries.join('; ')}`);
      }
    } else {
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      out.push(`${label}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
    }
  }
  return out.slice(0, 40);
}

/**
 * Renders the dossier as a readable PDF: header, decision, each check with its evidence, documents, review
 * trail, timeline, and how to verify. Dates inside the file are the decision's, so the same dossier gives
 * the same bytes.
 */
export async function renderReportPdf(d: UnsignedDossier): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const at = new Date(d.issued_at);
  doc.setTitle(`KeyBS verification report ${d.verification_id}`);
  doc.setAuthor(d.issuer.name);
  doc.setSubject(`${d.supplier.name}: ${words(d.decision.recommendation)}`);
  doc.setProducer('KeyBS Hub');
  doc.setCreator('KeyBS Hub');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const w = new PdfWriter(doc, fonts);

  // Header band.
  const bandHeight = d.livemode ? 62 : 80;
  w.page.drawRectangle({ x: 0, y: w.y - bandHeight + 50, width: 595.28, height: bandHeight + 20, color: COLORS.band });
  w.page.drawText('KeyBS  Supplier verification report', {
    x: w.left,
    y: w.y + 18,
    size: 17,
    font: fonts.bold,
    color: COLORS.white,
  });
  w.page.drawText(drawable(`${d.verification_id}  ·  issued ${d.issued_at}`), {
    x: w.left,
    y: w.y,
    size: 10,
    font: fonts.regular,
    color: COLORS.white,
  });
  if (!d.livemode) {
    w.page.drawText('TEST MODE: simulated registry outcomes, not a real verification', {
      x: w.left,
      y: w.y - 16,
      size: 9.5,
      font: fonts.bold,
      color: COLORS.white,
    });
  }
  w.y -= bandHeight - 35;

  w.heading('Supplier');
  w.field('Legal name', d.supplier.name);
  w.field('Country', `${d.supplier.country_code} (coverage tier ${d.country_tier})`);
  w.field('Registration id', d.supplier.registration_id);
  w.field('Your reference', d.supplier.external_ref ?? '-');
  w.field('Package', d.package);

  w.heading('Decision');
  const dec = d.decision;
  w.need(30);
  w.page.drawText(drawable(words(dec.recommendation).toUpperCase()), {
    x: w.left,
    y: w.y - 22,
    size: 18,
    font: fonts.bold,
    color: RECOMMENDATION_COLOR[dec.recommendation],
  });
  w.space(30);
  w.field('Trust score', `${dec.trust_score} / 100 (risk band ${dec.risk_band})`);
  w.field('Confidence', pct(dec.confidence));
  w.field('Registry', words(dec.registry_status));
  w.field('Sanctions', words(dec.sanctions_status ?? 'not screened'));
  w.field('Beneficial owners', words(dec.beneficiary));
  w.field('Documents', dec.document_score === null ? 'none judged' : `score ${pct(dec.document_score)}`);
  w.field('Analyst', dec.analyst ?? 'none (decided automatically)');
  w.field('Signed at', dec.signed_at);

  w.heading('How the score was reached');
  for (const c of d.score_components) w.field(c.check, `${c.points} of ${c.max} points: ${c.reason}`);

  w.heading('Checks and evidence');
  for (const check of d.checks) {
    w.space(4);
    w.text(`${check.type}: ${words(check.outcome)}`, { font: fonts.bold, size: 10.5 });
    if (check.summary) w.text(check.summary, { color: COLORS.ink, indent: 10 });
    for (const line of findingLines(check.findings)) w.text(line, { size: 8.5, color: COLORS.muted, indent: 10 });
    if (check.completed_at) w.text(`completed ${check.completed_at}`, { size: 8, color: COLORS.muted, indent: 10 });
  }

  if (d.documents.length > 0) {
    w.heading('Documents');
    for (const doc of d.documents) {
      const score = doc.checks.score === null ? 'not judged' : `score ${pct(doc.checks.score)}`;
      w.text(`${words(doc.type)}: ${doc.filename} (${doc.content_type}, ${doc.size} bytes), ${score}`, {
        font: fonts.bold,
      });
      if (doc.checks.reasons.length > 0) w.text(doc.checks.reasons.join('; '), { indent: 10, color: COLORS.muted });
      w.text(`sha256 ${doc.sha256}`, { size: 8, indent: 10, color: COLORS.muted, font: fonts.mono });
    }
  }

  if (d.review.length > 0) {
    w.heading('Analyst review');
    for (const entry of d.review) {
      const notes = typeof entry.after?.notes === 'string' ? `: "${entry.after.notes}"` : '';
      w.text(`${entry.at}  ${entry.action} by ${entry.actor}${notes}`);
    }
  }

  w.heading('Timeline');
  for (const t of d.timeline) w.text(`${t.at}  ${t.event}${t.status ? ` -> ${t.status}` : ''}`);

  w.heading('Signature and how to verify');
  w.field('Signed by', `${d.issuer.name} (${d.issuer.url})`);
  w.field('Key id (kid)', d.signing.kid);
  w.field('Algorithm', 'EdDSA (Ed25519), compact JWS');
  w.field('Public keys', d.issuer.jwks_url);
  w.space(6);
  w.text(
    'The signed record of this report is the JSON dossier at GET /v1/verifications/' +
      `${d.verification_id}/report. Its JWS verifies with any JOSE library against the key above; its ` +
      'pdf_sha256 field is the SHA-256 of this PDF file, so the PDF is covered by the same signature. ' +
      'With the hub command line: keybs verify-report report.json --pdf report.pdf --jwks ' +
      `${d.issuer.jwks_url}`,
    { size: 9 },
  );

  // Page numbers, once the page count is known.
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    page.drawText(drawable(`${d.verification_id}  ·  page ${i + 1} of ${pages.length}`), {
      x: w.left,
      y: 28,
      size: 8,
      font: fonts.regular,
      color: COLORS.muted,
    });
  });
  return doc.save({ useObjectStreams: false });
}
