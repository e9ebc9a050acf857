import type { ReviewView } from '../../domain/reviews.js';
import { type PageContext, queryParam, redirectWith, sendHtml } from '../context.js';
import { percent, when } from '../format.js';
import { type Html, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';
import { registerReviewDetail } from './review-detail.js';

const QUEUE_SIZE = 100;
type QueueView = 'mine' | 'open' | 'all';
const VIEWS: readonly { view: QueueView; label: string }[] = [
  { view: 'mine', label: 'Mine' },
  { view: 'open', label: 'Open (unassigned)' },
  { view: 'all', label: 'All' },
];

function queue(ctx: PageContext, view: QueueView): Promise<ReviewView[]> {
  const { reviews } = ctx.services;
  if (view === 'mine') return reviews.list(ctx.livemode, 'all', QUEUE_SIZE, ctx.user.name);
  return reviews.list(ctx.livemode, view, QUEUE_SIZE);
}

function row(ctx: PageContext, { record: v, reasons }: ReviewView, now: number): Html {
  const mine = v.assignedReviewer === ctx.user.name;
  const claimable = v.assignedReviewer === null || (mine && v.reviewClaimedAt === null);
  return html`<tr data-review-id="${v.id}">
<th scope="row"><a href="${ctx.base}/reviews/${v.id}">${v.supplier}</a><br><span class="muted">${v.id}</span></th>
<td>${v.countryCode}</td><td>${v.package}</td><td>${reasons.join('; ') || '—'}</td>
<td>${v.assessment?.recommendation.replaceAll('_', ' ') ?? '—'}</td><td>${percent(v.confidence)}</td>
<td>${v.assignedReviewer ?? html`<span class="muted">unassigned</span>`}${mine && v.reviewClaimedAt !== null ? ' (claimed)' : ''}</td>
<td>${when(v.dueAt)}${v.dueAt < now ? html` <span class="badge bad">overdue</span>` : ''}</td>
<td class="actions">${
    claimable
      ? postForm(
          ctx,
          `${ctx.base}/reviews/${v.id}/claim`,
          html`<button type="submit" aria-label="Claim ${v.supplier}">Claim</button>`,
          {
            className: 'inline',
          },
        )
      : ''
  } <a href="${ctx.base}/reviews/${v.id}">Decide</a></td>
</tr>`;
}

export function registerReviews(pages: PageRouter): void {
  pages.get('/reviews', 'reviews', async (ctx, req, res) => {
    const asked = VIEWS.find((v) => v.view === queryParam(req, 'view'))?.view;
    const view = asked ?? (ctx.user.role === 'analyst' ? 'mine' : 'all');
    const items = await queue(ctx, view);
    const now = ctx.services.clock.now();
    const content = html`<nav class="tabs" aria-label="Queue filter"><ul>${VIEWS.map(
      (v) =>
        html`<li><a href="${ctx.base}/reviews?view=${v.view}"${v.view === view ? html` aria-current="page"` : ''}>${v.label}</a></li>`,
    )}</ul></nav>
<table>
<caption>${VIEWS.find((v) => v.view === view)?.label} reviews, most urgent first (${items.length})</caption>
<thead><tr><th scope="col">Supplier</th><th scope="col">Country</th><th scope="col">Package</th><th scope="col">Why</th><th scope="col">Proposed</th><th scope="col">Confidence</th><th scope="col">Analyst</th><th scope="col">Due</th><th scope="col">Actions</th></tr></thead>
<tbody>${items.map((item) => row(ctx, item, now))}</tbody>
</table>
${items.length === 0 ? html`<p class="muted">Nothing waiting here.</p>` : ''}`;
    sendHtml(res, 200, page(ctx, 'reviews', 'Reviews', content));
  });

  pages.post('/reviews/:id/claim', 'reviews', async (ctx, req, res) => {
    const view = await ctx.services.reviews.claim(ctx.livemode, String(req.params.id), ctx.user.name);
    await redirectWith(
      ctx,
      res,
      `${ctx.base}/reviews/${view.record.id}`,
      `You hold the review of ${view.record.supplier}.`,
    );
  });
  pages.post('/reviews/:id/release', 'reviews', async (ctx, req, res) => {
    const view = await ctx.services.reviews.release(ctx.livemode, String(req.params.id), ctx.user.name);
    await redirectWith(ctx, res, `${ctx.base}/reviews`, `Released the review of ${view.record.supplier}.`);
  });
  registerReviewDetail(pages);
}
