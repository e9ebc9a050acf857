import { type Environment, SCOPES, type Scope } from '@keybs/contract';
import type { Request, Response } from 'express';
import { parseGrace } from '../../auth/api-keys.js';
import type { ApiKeyRecord } from '../../store/records.js';
import { field, fields, type PageContext, redirectWith, sendHtml } from '../context.js';
import { when } from '../format.js';
import { when as attr, type Html, html } from '../html.js';
import { page, postForm } from '../layout.js';
import type { PageRouter } from '../page-router.js';

const GRACE_CHOICES: readonly { value: string; label: string }[] = [
  { value: '0', label: 'None (stops now)' },
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

function state(k: ApiKeyRecord, now: number): Html {
  if (k.revokedAt !== null) return html`<span class="badge bad">Revoked ${when(k.revokedAt)}</span>`;
  if (k.expiresAt !== null && k.expiresAt <= now)
    return html`<span class="badge muted">Expired ${when(k.expiresAt)}</span>`;
  if (k.expiresAt !== null) return html`<span class="badge warn">Rotated: valid until ${when(k.expiresAt)}</span>`;
  return html`<span class="badge ok">Active</span>`;
}

function keyRow(ctx: PageContext, k: ApiKeyRecord, now: number): Html {
  const usable = k.revokedAt === null && (k.expiresAt === null || k.expiresAt > now);
  const label = k.name ?? k.prefix;
  const actions = usable
    ? html`${
        k.rotatedTo === null
          ? postForm(
              ctx,
              `${ctx.base}/keys/${k.id}/rotate`,
              html`<label for="grace-${k.id}">Grace period</label>
<select id="grace-${k.id}" name="grace">${GRACE_CHOICES.map(
                (g) => html`<option value="${g.value}"${attr(g.value === '24h', 'selected')}>${g.label}</option>`,
              )}</select>
<button type="submit" aria-label="Rotate ${label}">Rotate</button>`,
              { className: 'inline', label: `Rotate ${label}` },
            )
          : ''
      }${postForm(
        ctx,
        `${ctx.base}/keys/${k.id}/revoke`,
        html`<button type="submit" class="danger" aria-label="Revoke ${label}">Revoke</button>`,
        {
          className: 'inline',
          confirm: `Revoke ${label}? Requests with it fail at once.`,
          label: `Revoke ${label}`,
        },
      )}`
    : '';
  return html`<tr data-key-id="${k.id}">
<th scope="row">${k.name ?? html`<span class="muted">unnamed</span>`}<br><code>${k.prefix}</code></th>
<td>${k.scopes.map((s) => html`<span class="scope">${s}</span> `)}</td>
<td>${when(k.createdAt)}</td>
<td>${k.lastUsedAt === null ? 'Never' : when(k.lastUsedAt)}</td>
<td>${state(k, now)}</td>
<td class="actions">${actions}</td>
</tr>`;
}

function createForm(ctx: PageContext): Html {
  return postForm(
    ctx,
    `${ctx.base}/keys`,
    html`<h2>Create a key</h2>
<label for="key-name">Name</label>
<input id="key-name" name="name" maxlength="100" placeholder="e.g. ERP integration">
<fieldset><legend>Scopes</legend>${SCOPES.map(
      (s) => html`<label class="check"><input type="checkbox" name="scopes" value="${s}" checked> ${s}</label>`,
    )}</fieldset>
<fieldset><legend>Environment</legend>
<label class="check"><input type="radio" name="env" value="test"${attr(ctx.env === 'test', 'checked')}> Test</label>
<label class="check"><input type="radio" name="env" value="live"${attr(ctx.env === 'live', 'checked')}> Live</label>
</fieldset>
<button type="submit">Create key</button>`,
    { className: 'card stack', label: 'Create a key' },
  );
}

/** The one time a secret is on screen: after creating or rotating a key. */
function secretBox(secret: string, heading: string): Html {
  return html`<section class="secret card" aria-labelledby="secret-heading">
<h2 id="secret-heading">${heading}</h2>
<p>Copy it now: it is shown only this once and cannot be recovered.</p>
<p><label for="new-secret">Secret</label>
<input id="new-secret" class="secret-value" readonly value="${secret}" data-copyable>
<button type="button" data-copy="new-secret" hidden>Copy</button></p>
</section>`;
}

async function render(ctx: PageContext, res: Response, status: number, extra: Html | '' = '', error = '') {
  const now = ctx.services.clock.now();
  const keys = (await ctx.services.keys.list()).filter((k) => k.env === ctx.env).reverse();
  const content = html`${extra}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<table>
<caption>${ctx.livemode ? 'Live' : 'Test'} API keys (${keys.length})</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
<tbody>${keys.map((k) => keyRow(ctx, k, now))}</tbody>
</table>
${createForm(ctx)}`;
  sendHtml(res, status, page(ctx, 'keys', 'API keys', content));
}

function inEnv(ctx: PageContext, env: Environment): PageContext {
  return { ...ctx, env, livemode: env === 'live', base: `/console/${env}` };
}

export function registerKeys(pages: PageRouter): void {
  pages.get('/keys', 'keys', (ctx, _req, res) => render(ctx, res, 200));

  pages.post('/keys', 'keys', async (ctx, req: Request, res) => {
    const env = field(req, 'env') === 'live' ? 'live' : field(req, 'env') === 'test' ? 'test' : undefined;
    const scopes = fields(req, 'scopes').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
    const name = field(req, 'name');
    if (!env) return render(ctx, res, 422, '', 'Choose the environment of the key.');
    if (scopes.length === 0) return render(ctx, res, 422, '', 'Choose at least one scope.');
    if (name.length > 100) return render(ctx, res, 422, '', 'A name has at most 100 characters.');
    const { key, secret } = await ctx.services.keys.create({ env, scopes, name: name || null });
    const target = inEnv(ctx, env);
    await render(target, res, 201, secretBox(secret, `Created ${key.name ?? key.prefix} (${env})`));
  });

  pages.post('/keys/:id/rotate', 'keys', async (ctx, req, res) => {
    const grace = field(req, 'grace');
    if (!GRACE_CHOICES.some((g) => g.value === grace)) return render(ctx, res, 422, '', 'Choose a grace period.');
    const id = String(req.params.id);
    const own = (await ctx.services.keys.list()).find((k) => k.id === id && k.env === ctx.env);
    if (!own) return render(ctx, res, 404, '', `No such ${ctx.env} key.`);
    const rotated = await ctx.services.keys.rotate(id, parseGrace(grace));
    const until = rotated.previous.expiresAt === null ? 'now' : when(rotated.previous.expiresAt);
    await render(
      ctx,
      res,
      200,
      secretBox(rotated.secret, `Rotated ${own.name ?? own.prefix}: the old key works until ${until}`),
    );
  });

  pages.post('/keys/:id/revoke', 'keys', async (ctx, req, res) => {
    const id = String(req.params.id);
    const own = (await ctx.services.keys.list()).find((k) => k.id === id && k.env === ctx.env);
    if (!own) return render(ctx, res, 404, '', `No such ${ctx.env} key.`);
    await ctx.services.keys.revoke(id);
    await redirectWith(ctx, res, `${ctx.base}/keys`, `Revoked ${own.name ?? own.prefix}.`);
  });
}
