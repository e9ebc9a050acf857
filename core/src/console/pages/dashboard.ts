import { Recommendation } from '@keybs/contract';
import { median } from '../../domain/coverage.js';
import { barChart, columnChart } from '../charts.js';
import { sendHtml } from '../context.js';
import { duration } from '../format.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import type { PageRouter } from '../page-router.js';

const DAYS = 30;
const DAY_MS = 86_400_000;
const TONES: Record<string, string> = {
  proceed: 'good',
  proceed_with_controls: 'fair',
  enhanced_due_diligence: 'warn',
  reject: 'bad',
};

export function registerDashboard(pages: PageRouter): void {
  pages.get('', 'dashboard', async (ctx, _req, res) => {
    const today = Math.floor(ctx.services.clock.now() / DAY_MS);
    const first = today - DAYS + 1;
    const counts = await ctx.services.store.console.dashboard(ctx.livemode, first * DAY_MS);
    const byDay = new Map(counts.perDay.map((d) => [d.day, d.count]));
    const days = Array.from({ length: DAYS }, (_, i) => {
      const day = first + i;
      return { label: new Date(day * DAY_MS).toISOString().slice(5, 10), value: byDay.get(day) ?? 0 };
    });
    const decided = new Map(counts.decisions.map((d) => [d.recommendation, d.count]));
    const mix = Recommendation.options.map((r) => ({
      label: r.replaceAll('_', ' '),
      value: decided.get(r) ?? 0,
      tone: TONES[r] ?? '',
    }));
    const turnaround = ([1, 2, 3] as const).map((tier) => {
      const list = counts.turnarounds.filter((t) => t.tier === tier).map((t) => t.ms);
      const m = list.length ? median(list) : 0;
      return {
        label: `Tier ${tier} (${list.length})`,
        value: m,
        valueLabel: list.length ? duration(m) : 'no data',
        tone: `tier-${tier}`,
      };
    });
    const status = new Map(counts.statuses.map((s) => [s.status, s.count]));
    const stat = (label: string, value: number, href: string) =>
      html`<li><a href="${href}"><span class="stat-value">${value}</span> <span class="stat-label">${label}</span></a></li>`;
    const content = html`<ul class="stats" aria-label="Now">
${stat('in progress', status.get('in_progress') ?? 0, `${ctx.base}/verifications?status=in_progress`)}
${stat('in review', status.get('in_review') ?? 0, `${ctx.base}/reviews?view=all`)}
${stat('completed', status.get('completed') ?? 0, `${ctx.base}/verifications?status=completed`)}
${stat('cancelled', status.get('cancelled') ?? 0, `${ctx.base}/verifications?status=cancelled`)}
</ul>
<div class="charts">
${columnChart(`Verifications per day, last ${DAYS} days (UTC)`, days, 5)}
${barChart(`Decision mix, last ${DAYS} days`, mix)}
${barChart(`Median turnaround by tier, last ${DAYS} days`, turnaround)}
</div>`;
    sendHtml(res, 200, page(ctx, 'dashboard', 'Dashboard', content));
  });
}
