import type { CheckRecord, VerificationRecord } from '../../store/records.js';
import { statusBadge } from '../badges.js';
import { type PageContext, sendHtml } from '../context.js';
import { percent, when } from '../format.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import type { PageRouter } from '../page-router.js';

interface TimelineEntry {
  at: number;
  what: string;
  who: string;
  detail: string;
}

function findings(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="muted">none</span>`;
  return html`<pre class="findings">${JSON.stringify(value, null, 2)}</pre>`;
}

function checksTable(checks: CheckRecord[]): Html {
  return html`<table>
<caption>Checks</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Summary</th><th scope="col">Findings</th><th scope="col">Completed</th></tr></thead>
<tbody>${checks.map(
    (
      c,
    ) => html`<tr><th scope="row">${c.type}</th><td>${c.status}</td><td>${c.outcome ?? '—'}</td><td>${c.summary ?? '—'}</td>
<td><details><summary>Findings</summary>${findings(c.findings)}</details></td><td>${when(c.completedAt)}</td></tr>`,
  )}</tbody></table>`;
}

function decisionFacts(v: VerificationRecord): Html {
  const d = v.decision;
  if (!d) return html`<p class="muted">No decision yet.</p>`;
  return html`<dl class="facts">
<dt>Recommendation</dt><dd>${d.recommendation.replaceAll('_', ' ')}</dd>
<dt>Trust score</dt><dd>${d.trust_score}</dd><dt>Risk band</dt><dd>${d.risk_band}</dd>
<dt>Confidence</dt><dd>${percent(d.confidence)}</dd>
<dt>Registry</dt><dd>${d.registry_status}</dd><dt>Sanctions</dt><dd>${d.sanctions_status ?? '—'}</dd>
<dt>Beneficiaries</dt><dd>${d.beneficiary.replaceAll('_', ' ')}</dd>
<dt>Analyst</dt><dd>${d.analyst ?? 'automated'}</dd><dt>Signed</dt><dd>${d.signed_at}</dd>
</dl>`;
}

async function timeline(ctx: PageContext, id: string): Promise<TimelineEntry[]> {
  const [events, audit] = await Promise.all([
    ctx.services.store.events.forVerification(id),
    ctx.services.store.verifications.auditOf([id]),
  ]);
  const entries: TimelineEntry[] = events.map((e) => {
    const p = (e.payload ?? {}) as Record<string, unknown>;
    const detail =
      e.type === 'verification.completed'
        ? `recommendation ${String(p.recommendation)}`
        : `${String(p.previous_status ?? 'new')} → ${String(p.status)}`;
    return { at: e.createdAt, what: e.type, who: 'hub', detail };
  });
  for (const a of audit.get(id) ?? []) {
    const notes = a.after && typeof a.after.notes === 'string' ? `notes: ${a.after.notes}` : '';
    entries.push({ at: a.at, what: `review ${a.action}`, who: a.actor, detail: notes });
  }
  return entries.sort((x, y) => x.at - y.at);
}

export function registerVerificationDetail(pages: PageRouter): void {
  pages.get('/verifications/:id', 'verifications', async (ctx, req, res) => {
    const { record: v, checks } = await ctx.services.verifications.get(ctx.livemode, String(req.params.id));
    const entries = await timeline(ctx, v.id);
    const content = html`<dl class="facts">
<dt>Supplier</dt><dd>${v.supplier}</dd><dt>Country</dt><dd>${v.countryCode} (tier ${v.countryTier})</dd>
<dt>Registration id</dt><dd><code>${v.registrationId}</code></dd><dt>Package</dt><dd>${v.package}</dd>
<dt>Status</dt><dd>${statusBadge(v.status)}</dd><dt>External ref</dt><dd>${v.externalRef ?? '—'}</dd>
<dt>Due</dt><dd>${when(v.dueAt)} (SLA ${v.estimatedSla})</dd><dt>Reviewer</dt><dd>${v.assignedReviewer ?? '—'}</dd>
<dt>Created</dt><dd>${when(v.createdAt)}</dd>
</dl>
<h2>Decision</h2>
${decisionFacts(v)}
${
  v.decision
    ? html`<p class="links"><a href="${ctx.base}/verifications/${v.id}/report.pdf" download>Download report (PDF)</a>
<a href="${ctx.base}/verifications/${v.id}/report.json" download>Download signed report (JSON)</a>
<a href="/profile/${v.id}">Public trust profile</a></p>`
    : ''
}
${v.status === 'in_review' ? html`<p><a href="${ctx.base}/reviews/${v.id}">Open the review</a></p>` : ''}
${checksTable(checks)}
<h2>Timeline</h2>
<ol class="timeline">${entries.map(
      (e) =>
        html`<li><time datetime="${new Date(e.at).toISOString()}">${when(e.at)}</time> <strong>${e.what}</strong> by ${e.who}${
          e.detail ? html`: ${e.detail}` : ''
        }</li>`,
    )}</ol>`;
    sendHtml(res, 200, page(ctx, 'verifications', `${v.id}: ${v.supplier}`, content));
  });

  for (const format of ['pdf', 'json'] as const) {
    pages.get(`/verifications/:id/report.${format}`, 'verifications', async (ctx, req, res) => {
      const report = await ctx.services.reports.get(ctx.livemode, String(req.params.id));
      res.setHeader('Content-Disposition', `attachment; filename="${report.verificationId}.${format}"`);
      if (format === 'pdf') return void res.type('application/pdf').send(report.pdf);
      res.type('application/json').send(`{"dossier":${report.dossier},"jws":${JSON.stringify(report.jws)}}`);
    });
  }
}
