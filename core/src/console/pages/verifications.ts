import { VerificationStatus } from '@keybs/contract';
import type { VerificationRecord } from '../../store/records.js';
import { statusBadge } from '../badges.js';
import { type PageContext, queryParam, sendHtml } from '../context.js';
import { percent, when } from '../format.js';
import { when as attr, type Html, html } from '../html.js';
import { page } from '../layout.js';
import type { PageRouter } from '../page-router.js';
import { registerVerificationDetail } from './verification-detail.js';

const PAGE_SIZE = 50;
const STATUSES = VerificationStatus.options;

function row(ctx: PageContext, v: VerificationRecord): Html {
  return html`<tr>
<th scope="row"><a href="${ctx.base}/verifications/${v.id}">${v.id}</a></th>
<td>${v.supplier}</td><td>${v.countryCode}</td><td>${v.countryTier}</td><td>${v.package}</td>
<td>${statusBadge(v.status)}</td><td>${v.decision?.recommendation.replaceAll('_', ' ') ?? '—'}</td>
<td>${percent(v.confidence)}</td><td>${v.assignedReviewer ?? '—'}</td><td>${when(v.createdAt)}</td>
</tr>`;
}

export function registerVerifications(pages: PageRouter): void {
  pages.get('/verifications', 'verifications', async (ctx, req, res) => {
    const status = STATUSES.find((s) => s === queryParam(req, 'status'));
    const country = queryParam(req, 'country_code').toUpperCase();
    const externalRef = queryParam(req, 'external_ref');
    const after = queryParam(req, 'starting_after');
    const list = await ctx.services.verifications.list({
      livemode: ctx.livemode,
      limit: PAGE_SIZE,
      ...(status && { status }),
      ...(/^[A-Z]{2}$/.test(country) && { countryCode: country }),
      ...(externalRef && { externalRef }),
      ...(after && { startingAfter: after }),
    });
    const records = list.data.map((v) => v.record);
    const last = records.at(-1);
    const next = new URLSearchParams({
      ...(status && { status }),
      ...(country && { country_code: country }),
      ...(externalRef && { external_ref: externalRef }),
      ...(last && { starting_after: last.id }),
    });
    const content = html`<form method="get" action="${ctx.base}/verifications" class="filters" role="search" aria-label="Filter verifications">
<label for="f-status">Status</label>
<select id="f-status" name="status"><option value="">Any</option>${STATUSES.map(
      (s) => html`<option value="${s}"${attr(s === status, 'selected')}>${s.replace('_', ' ')}</option>`,
    )}</select>
<label for="f-country">Country code</label>
<input id="f-country" name="country_code" maxlength="2" size="3" value="${country}" autocapitalize="characters">
<label for="f-ref">External ref</label>
<input id="f-ref" name="external_ref" maxlength="128" value="${externalRef}">
<button type="submit">Filter</button> <a href="${ctx.base}/verifications">Clear</a>
</form>
<table>
<caption>${ctx.livemode ? 'Live' : 'Test'} verifications, newest first</caption>
<thead><tr><th scope="col">Verification</th><th scope="col">Supplier</th><th scope="col">Country</th><th scope="col">Tier</th><th scope="col">Package</th><th scope="col">Status</th><th scope="col">Recommendation</th><th scope="col">Confidence</th><th scope="col">Reviewer</th><th scope="col">Created</th></tr></thead>
<tbody>${records.map((v) => row(ctx, v))}</tbody>
</table>
${records.length === 0 ? html`<p class="muted">No verifications match.</p>` : ''}
${list.hasMore ? html`<p><a href="${ctx.base}/verifications?${next.toString()}" rel="next">Next page</a></p>` : ''}`;
    sendHtml(res, 200, page(ctx, 'verifications', 'Verifications', content));
  });
  registerVerificationDetail(pages);
}
