import type { TrustProfile } from '@keybs/contract';

const html = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1c2128;background:#f4f6f8}main{max-width:40rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d5dbe1;border-radius:12px;padding:1.5rem 1.75rem}
.test{background:#d9540a;color:#fff;font-weight:700;text-align:center;padding:.6rem;letter-spacing:.04em}
h1{font-size:1.5rem;margin:.2rem 0 1rem}.badge{display:inline-flex;gap:.5rem;align-items:center;
font-weight:700;border-radius:999px;padding:.35rem .9rem}.verified{background:#e3f4ea;color:#0c6b3a}
.not_verified{background:#fbeaea;color:#a11a1a}dl{display:grid;grid-template-columns:10rem 1fr;gap:.45rem 1rem;
margin:1.25rem 0}dt{color:#5d6670}dd{margin:0;word-break:break-word}footer{color:#5d6670;font-size:.875rem;
margin-top:1.25rem}code{font-size:.85em;background:#eef1f4;padding:.1rem .3rem;border-radius:4px}`;

/** The trust profile as a page a person reads: who, where, what KeyBS found, when, and how to check it. */
export function profilePage(p: TrustProfile): string {
  const status = p.status === 'verified' ? 'Verified by KeyBS' : 'Not verified by KeyBS';
  const mark = p.status === 'verified' ? '✓' : '✕';
  const json = `/profile/${encodeURIComponent(p.verification_id)}?format=json`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${html(p.supplier)}: KeyBS trust profile</title><meta name="robots" content="noindex">
<style>${STYLE}</style></head><body>
${p.livemode ? '' : '<div class="test" role="alert">TEST MODE: this profile comes from a test verification and proves nothing.</div>'}
<main><article class="card" aria-labelledby="supplier">
<p><span class="badge ${p.status}" role="status"><span aria-hidden="true">${mark}</span> ${status}</span></p>
<h1 id="supplier">${html(p.supplier)}</h1>
<dl>
<dt>Country</dt><dd>${html(p.country_code)}</dd>
<dt>Risk band</dt><dd>${html(p.risk_band)}</dd>
<dt>Signed at</dt><dd><time datetime="${html(p.signed_at)}">${html(p.signed_at)}</time></dd>
<dt>Verification</dt><dd><code>${html(p.verification_id)}</code></dd>
</dl>
<footer><h2 style="font-size:1rem;margin:0 0 .3rem">How to verify</h2>
<p>This page's facts are signed. Fetch <a href="${html(json)}">its JSON</a> and check its <code>jws</code>
(EdDSA) against the public keys at <a href="${html(p.jwks_url)}">${html(p.jwks_url)}</a>, with any JOSE library
or <code>keybs verify-report</code>. Only the supplier's own KeyBS report (shared by them) holds the evidence.</p>
</footer></article></main></body></html>`;
}

export function noProfilePage(id: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No trust profile</title>
<style>${STYLE}</style></head><body><main><div class="card"><h1>No trust profile</h1>
<p>KeyBS has no issued decision for <code>${html(id)}</code>.</p></div></main></body></html>`;
}
