import { ERRORS } from '@keybs/contract';

type Json = Record<string, unknown>;
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  $ref?: string;
  description?: string;
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  default?: unknown;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const code = (s: string) => `<code>${escapeHtml(s)}</code>`;
/** `backticks` in descriptions become code. */
const prose = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function typeOf(s: Schema): string {
  if (s.$ref) {
    const name = s.$ref.split('/').pop() ?? '';
    return `<a href="#schema-${name}">${escapeHtml(name)}</a>`;
  }
  if (s.enum) return s.enum.map((v) => code(String(v))).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.type === 'array' && s.items) return `array of ${typeOf(s.items)}`;
  return escapeHtml(Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any'));
}

function limits(s: Schema): string {
  const parts: string[] = [];
  if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`length ${s.minLength ?? 0}–${s.maxLength ?? '∞'}`);
  if (s.minimum !== undefined || s.maximum !== undefined) parts.push(`${s.minimum ?? '−∞'}–${s.maximum ?? '∞'}`);
  if (s.default !== undefined) parts.push(`default ${code(JSON.stringify(s.default))}`);
  return parts.join(', ');
}

function fieldsTable(schema: Schema): string {
  const rows = Object.entries(schema.properties ?? {}).map(
    ([name, s]) =>
      `<tr><td>${code(name)}${schema.required?.includes(name) ? ' <em>required</em>' : ''}</td><td>${typeOf(s)}</td><td>${limits(s)}</td></tr>`,
  );
  return rows.length ? `<table><tr><th>field</th><th>type</th><th>rules</th></tr>${rows.join('')}</table>` : '';
}

function operation(path: string, method: string, op: Json): string {
  const params = (op.parameters as (Json & { schema: Schema })[] | undefined) ?? [];
  const content = (op.requestBody as { content: Record<string, { schema: Schema }> } | undefined)?.content;
  const bodyType = content && Object.keys(content)[0];
  const body = bodyType ? content?.[bodyType]?.schema : undefined;
  const responses = Object.entries(op.responses as Record<string, { description: string }>);
  return `<section class="op" id="${escapeHtml(String(op.operationId))}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> ${code(path)}</h3>
<p><strong>${escapeHtml(String(op.summary))}</strong>${op.description ? ` — ${prose(String(op.description))}` : ''}</p>
<p>Auth: ${op['x-keybs-scope'] ? `API key with scope ${code(String(op['x-keybs-scope']))}` : 'none'}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>about</th></tr>${params.map((p) => `<tr><td>${code(String(p.name))}</td><td>${escapeHtml(String(p.in))}</td><td>${typeOf(p.schema)}</td><td>${prose(String(p.description ?? limits(p.schema)))}</td></tr>`).join('')}</table>` : ''}
${body ? `<h4>Request body${bodyType === 'application/json' ? '' : ` (${escapeHtml(bodyType ?? '')})`}</h4>${body.$ref ? `<p>${typeOf(body)}</p>` : fieldsTable(body)}` : ''}
<h4>Responses</h4><ul>${responses.map(([status, r]) => `<li>${code(status)} ${prose(r.description)}</li>`).join('')}</ul>
</section>`;
}

/** The readable API reference, rendered once from the OpenAPI document. */
export function renderReferencePage(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const schemas = (doc.components as { schemas: Record<string, Schema> }).schemas;
  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op, tag: (op.tags as string[])[0] ?? '' })),
  );
  const tags = [...new Set(ops.map((o) => o.tag))];
  const errors = Object.entries(ERRORS)
    .map(
      ([c, s]) =>
        `<tr id="error-${c}"><td>${code(c)}</td><td>${s.status}</td><td>${code(s.type)}</td><td>${escapeHtml(s.message)}</td></tr>`,
    )
    .join('');
  const info = doc.info as { title: string; version: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f3f3f3;padding:0 .25em;border-radius:3px}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}.op{border-top:1px solid #ddd;padding-top:.5rem}
.m{font:bold 12px monospace;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#555}.get{background:#1f6feb}.post{background:#1a7f37}
.delete{background:#cf222e}.patch{background:#9a6700}nav a{margin-right:1rem}</style></head><body>
<h1>${escapeHtml(info.title)}</h1><p>${prose(info.description)} Version ${code(info.version)}. Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
<nav>${tags.map((t) => `<a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a>`).join('')}<a href="#schemas">Schemas</a><a href="#errors">Errors</a></nav>
<h2>Conventions</h2><ul>
<li>Authenticate with ${code('Authorization: Bearer sk_test_…')} (test mode) or ${code('sk_live_…')} (live mode). A key sees only its own environment; an object of the other environment is a 404.</li>
<li>POST requests take an optional ${code('Idempotency-Key')}: a repeat within 24 h replays the first response with ${code('Idempotent-Replayed: true')}.</li>
<li>Lists take ${code('limit')} (1–100, default 20) and ${code('starting_after')}; they answer ${code('{"data":[…],"has_more":bool}')}, newest first.</li>
<li>Every response carries ${code('X-Request-Id')}; every error is ${code('{"error":{"type","code","message","param"?,"request_id"}}')}.</li>
<li>Timestamps are RFC 3339 UTC, durations ISO 8601.</li></ul>
${tags
  .map(
    (t) =>
      `<h2 id="tag-${escapeHtml(t)}">${escapeHtml(t)}</h2>${ops
        .filter((o) => o.tag === t)
        .map((o) => operation(o.path, o.method, o.op))
        .join('')}`,
  )
  .join('')}
<h2 id="schemas">Schemas</h2>${Object.entries(schemas)
    .map(
      ([name, s]) =>
        `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>${fieldsTable(s) || `<p>${typeOf(s)}</p>`}`,
    )
    .join('')}
<h2 id="errors">Errors</h2><table><tr><th>code</th><th>status</th><th>type</th><th>meaning</th></tr>${errors}</table>
</body></html>`;
}
