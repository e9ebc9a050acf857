import { assetUrl } from './assets.js';
import { type PageContext, SECTIONS, type Section, sectionPath } from './context.js';
import { CSRF_FIELD } from './csrf.js';
import { type Html, type HtmlValue, html } from './html.js';

function head(title: string): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · KeyBS Console</title>
<link rel="stylesheet" href="${assetUrl('console.css')}">
<script src="${assetUrl('console.js')}" defer></script>
</head>`;
}

/** A POST form with the session's CSRF token; `confirm` asks before submitting (progressive enhancement). */
export function postForm(
  ctx: Pick<PageContext, 'session'>,
  action: string,
  body: HtmlValue,
  options: { confirm?: string; className?: string; label?: string } = {},
): Html {
  return html`<form method="post" action="${action}"${options.className ? html` class="${options.className}"` : ''}${
    options.confirm ? html` data-confirm="${options.confirm}"` : ''
  }${options.label ? html` aria-label="${options.label}"` : ''}><input type="hidden" name="${CSRF_FIELD}" value="${
    ctx.session.csrfToken
  }">${body}</form>`;
}

function nav(ctx: PageContext, current: Section): Html {
  const visible = SECTIONS.filter((s) => ctx.user.role === 'admin' || !s.adminOnly);
  return html`<nav class="sections" aria-label="Sections"><ul>${visible.map(
    (s) =>
      html`<li><a href="${ctx.base}${s.path}"${s.section === current ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
  )}</ul></nav>`;
}

function modeSwitch(ctx: PageContext, current: Section): Html {
  const link = (env: 'test' | 'live', label: string) =>
    html`<a class="mode mode-${env}" href="/console/${env}${sectionPath(current)}"${
      ctx.env === env ? html` aria-current="true"` : ''
    }>${label}</a>`;
  return html`<div class="mode-switch" role="group" aria-label="Environment">${link('test', 'Test mode')}${link(
    'live',
    'Live mode',
  )}</div>`;
}

function banner(ctx: PageContext): Html {
  return ctx.livemode
    ? html`<p class="banner banner-live" role="note"><strong>Live mode</strong>: real suppliers, real decisions, live API keys.</p>`
    : html`<p class="banner banner-test" role="note"><strong>Test mode</strong>: simulated registry and test API keys; nothing here reaches live data.</p>`;
}

/** A signed-in page: header with sections, environment switch and sign-out; the mode banner; the content. */
export function page(ctx: PageContext, section: Section, title: string, content: HtmlValue): Html {
  return html`<!doctype html>
<html lang="en">
${head(`${title} (${ctx.livemode ? 'live' : 'test'})`)}
<body class="env-${ctx.env}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="${ctx.base}${sectionPath(ctx.user.role === 'admin' ? 'dashboard' : 'reviews')}">KeyBS Console</a>
${nav(ctx, section)}
${modeSwitch(ctx, section)}
${postForm(
  ctx,
  '/console/sign-out',
  html`<span class="who">${ctx.user.name} <span class="role">${ctx.user.role}</span></span> <button type="submit" class="link">Sign out</button>`,
  { className: 'sign-out' },
)}
</header>
${banner(ctx)}
<main id="main" tabindex="-1">
<h1>${title}</h1>
${ctx.flash ? html`<p class="flash" role="status">${ctx.flash}</p>` : ''}
${content}
</main>
</body>
</html>`;
}

/** A page outside a session (sign-in, errors before sign-in). */
export function barePage(title: string, content: HtmlValue): Html {
  return html`<!doctype html>
<html lang="en">
${head(title)}
<body class="bare">
<main id="main" class="narrow">
${content}
</main>
</body>
</html>`;
}

/** An error inside the signed-in layout (403, 404, a refused form). */
export function errorPage(ctx: PageContext, section: Section, title: string, message: string): Html {
  return page(ctx, section, title, html`<p class="error" role="alert">${message}</p>`);
}
