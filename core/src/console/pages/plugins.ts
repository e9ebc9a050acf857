import type { PluginStatus } from '@keybs/contract';
import { type PageContext, redirectWith, sendHtml } from '../context.js';
import { whenIso } from '../format.js';
import { type Html, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';

function stateBadge(p: PluginStatus): Html {
  const tone = p.state === 'running' ? 'ok' : p.state === 'degraded' ? 'warn' : 'muted';
  return html`<span class="badge ${tone}">${p.state}</span>`;
}

function pluginSection(ctx: PageContext, p: PluginStatus): Html {
  return html`<section class="card" aria-labelledby="plugin-${p.name}">
<h2 id="plugin-${p.name}">${p.name} <span class="muted">${p.package}${p.version ? ` ${p.version}` : ''}</span></h2>
<dl class="facts">
<dt>State</dt><dd>${stateBadge(p)}${p.health ? html` health ${p.health.status}${p.health.detail ? `: ${p.health.detail}` : ''}` : ''}</dd>
<dt>Lag</dt><dd>${p.lag} events (cursor ${p.cursor} of ${p.head})</dd>
<dt>Pending</dt><dd>${p.pending} (${p.retrying} retrying)</dd>
<dt>Delivered</dt><dd>${p.delivered}</dd>
<dt>Dead letters</dt><dd>${p.dead_letters}</dd>
<dt>Last success</dt><dd>${whenIso(p.last_success_at)}</dd>
<dt>Last error</dt><dd>${p.last_error ? html`${p.last_error} (${whenIso(p.last_error_at)})` : '—'}</dd>
</dl>
${
  p.recent_dead_letters.length
    ? html`<table><caption>Recent dead letters</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Verification</th><th scope="col">Attempts</th><th scope="col">Error</th><th scope="col">Failed</th></tr></thead>
<tbody>${p.recent_dead_letters.map(
        (
          d,
        ) => html`<tr><th scope="row"><code>${d.event_type}</code><br><code class="muted">${d.event_id}</code></th><td>${d.verification_id ?? '—'}</td>
<td>${d.attempts}</td><td>${d.error ?? '—'}</td><td>${whenIso(d.failed_at)}</td></tr>`,
      )}</tbody></table>
${postForm(
  ctx,
  `${ctx.base}/plugins/${encodeURIComponent(p.name)}/replay-dead`,
  html`<button type="submit">Replay dead letters</button>`,
  {
    className: 'inline',
    confirm: `Queue every dead letter of ${p.name} (both modes) again?`,
  },
)}`
    : ''
}
${
  p.schedules.length
    ? html`<table><caption>Schedules</caption><thead><tr><th scope="col">Job</th><th scope="col">Cron</th><th scope="col">Last run</th><th scope="col">Last error</th></tr></thead>
<tbody>${p.schedules.map(
        (s) =>
          html`<tr><th scope="row">${s.name}</th><td><code>${s.cron}</code> ${s.timezone}</td><td>${whenIso(s.last_run_at)}${s.running ? ' (running)' : ''}</td><td>${s.last_error ?? '—'}</td></tr>`,
      )}</tbody></table>`
    : ''
}
</section>`;
}

export function registerPlugins(pages: PageRouter): void {
  pages.get('/plugins', 'plugins', async (ctx, _req, res) => {
    const plugins = await ctx.services.plugins.status(ctx.livemode);
    const content = plugins.length
      ? html`${plugins.map((p) => pluginSection(ctx, p))}`
      : html`<p>No plugins are enabled. Plugins are listed in the config file (<code>KEYBS_CONFIG</code>, <code>"plugins"</code>).</p>`;
    sendHtml(res, 200, page(ctx, 'plugins', 'Plugins', content));
  });

  pages.post('/plugins/:name/replay-dead', 'plugins', async (ctx, req, res) => {
    const name = String(req.params.name);
    const known = (await ctx.services.plugins.status(ctx.livemode)).some((p) => p.name === name);
    if (!known) return redirectWith(ctx, res, `${ctx.base}/plugins`, `No plugin named ${name}.`);
    const count = await ctx.services.store.plugins.replayDead(name, ctx.services.clock.now());
    ctx.services.plugins.notify();
    await redirectWith(
      ctx,
      res,
      `${ctx.base}/plugins`,
      `Queued ${count} dead ${count === 1 ? 'letter' : 'letters'} of ${name} again.`,
    );
  });
}
