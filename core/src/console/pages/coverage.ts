import type { CoverageRow } from '@keybs/contract';
import { median } from '../../domain/coverage.js';
import { barChart, tileGrid } from '../charts.js';
import { sendHtml } from '../context.js';
import { duration, isoDurationMs } from '../format.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import type { PageRouter } from '../page-router.js';

const TIERS = [1, 2, 3] as const;

function turnaround(row: CoverageRow): string {
  const ms = isoDurationMs(row.median_turnaround);
  return Number.isNaN(ms) ? row.median_turnaround : duration(ms);
}

export function registerCoverage(pages: PageRouter): void {
  pages.get('/coverage', 'coverage', async (ctx, _req, res) => {
    const rows = await ctx.services.coverage.list(ctx.livemode);
    const perTier = TIERS.map((tier) => rows.filter((r) => r.tier === tier));
    const observed = rows.filter((r) => r.turnaround_source === 'observed').length;
    const content = html`<p>${rows.length} jurisdictions; ${observed} with a turnaround observed from this environment's last 90 days, the others at their tier's default.</p>
<div class="charts">
${barChart(
  'Jurisdictions per tier',
  perTier.map((list, i) => ({ label: `Tier ${i + 1}`, value: list.length, tone: `tier-${i + 1}` })),
)}
${barChart(
  'Median turnaround by tier (median of the jurisdictions)',
  perTier.map((list, i) => {
    const ms = list.map((r) => isoDurationMs(r.median_turnaround)).filter((n) => !Number.isNaN(n));
    const m = ms.length ? median(ms) : 0;
    return { label: `Tier ${i + 1}`, value: m, valueLabel: duration(m), tone: `tier-${i + 1}` };
  }),
)}
</div>
${tileGrid(
  'Covered jurisdictions by tier',
  `${rows.length} jurisdictions: ${perTier.map((l, i) => `${l.length} in tier ${i + 1}`).join(', ')}.`,
  rows.map((r) => ({
    code: r.country_code,
    name: r.name,
    tone: `tier-${r.tier}`,
    detail: `tier ${r.tier}, median ${turnaround(r)}`,
  })),
)}
<p class="legend">${TIERS.map((t) => html`<span class="key tier-${t}">Tier ${t}</span> `)}</p>
<label for="coverage-filter">Find a jurisdiction</label>
<input id="coverage-filter" type="search" data-filter-table="coverage-table" placeholder="Name or code">
<table id="coverage-table">
<caption>Coverage (${rows.length} jurisdictions)</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Jurisdiction</th><th scope="col">Tier</th><th scope="col">Median turnaround</th><th scope="col">Source</th><th scope="col">Registry sources</th></tr></thead>
<tbody>${rows.map(
      (
        r,
      ) => html`<tr><th scope="row">${r.country_code}</th><td>${r.name}</td><td><span class="key tier-${r.tier}">${r.tier}</span></td>
<td><span title="${r.median_turnaround}">${turnaround(r)}</span></td><td>${r.turnaround_source.replace('_', ' ')}</td>
<td>${r.registry_sources.map((s) => s.name).join(', ') || '—'}</td></tr>`,
    )}</tbody>
</table>`;
    sendHtml(res, 200, page(ctx, 'coverage', 'Coverage', content));
  });
}
