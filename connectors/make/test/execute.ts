import type { MakeBase, MakeField, MakeRequest } from '../src/make-types.js';
import { evaluate, type Scope } from './iml.js';

/** Runs a Make request definition against a real server, the way Make does for a module, RPC or webhook. */

export class MakeRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function defined(record: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((record ?? {}) as Record<string, unknown>)) {
    if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  }
  return out;
}

/** Returns the module's output bundles (one for an action, one per item for a search or RPC). */
export async function execute(
  request: MakeRequest,
  scope: Scope,
  base?: MakeBase,
  sent: Sent[] = [],
): Promise<unknown[]> {
  const rawUrl = String(evaluate(request.url ?? '', scope));
  const url = new URL(base && rawUrl.startsWith('/') ? `${evaluate(base.baseUrl, scope)}${rawUrl}` : rawUrl);
  for (const [k, v] of Object.entries(defined(evaluate(request.qs, scope)))) url.searchParams.set(k, v);
  const headers = { ...defined(evaluate(base?.headers, scope)), ...defined(evaluate(request.headers, scope)) };
  const body = request.body === undefined ? undefined : JSON.stringify(evaluate(request.body, scope));
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const method = request.method ?? 'GET';
  sent.push({ url: url.toString(), method, headers, body });

  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  const answer = {
    ...scope,
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body: text ? JSON.parse(text) : undefined,
  };
  if (res.status >= 400) {
    const template = request.response?.error?.message ?? base?.response.error.message ?? 'HTTP {{statusCode}}';
    throw new MakeRequestError(String(evaluate(template, answer)), res.status);
  }
  const response = request.response ?? {};
  if (response.data) return [evaluate(response.data, answer)];
  if (response.iterate === undefined) return [evaluate(response.output ?? '{{body}}', answer)];
  const items = evaluate(response.iterate, answer);
  if (!Array.isArray(items)) throw new Error('iterate did not give an array');
  const outputs = items.map((item) => evaluate(response.output ?? '{{item}}', { ...answer, item }));
  const limit = response.limit === undefined ? undefined : Number(evaluate(response.limit, answer));
  return limit === undefined || Number.isNaN(limit) ? outputs : outputs.slice(0, limit);
}

/** Problems with an output bundle against the module's interface: undeclared fields, wrong types. */
export function interfaceProblems(value: unknown, fields: MakeField[], at = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${at || '(root)'}: not a collection`];
  const problems: string[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const [key, v] of Object.entries(value)) {
    const field = byName.get(key);
    const where = at ? `${at}.${key}` : key;
    if (!field) problems.push(`${where}: not in the interface`);
    else if (v !== null && v !== undefined) problems.push(...typeProblems(v, field, where));
  }
  return problems;
}

function typeProblems(v: unknown, field: MakeField, where: string): string[] {
  const ok = (test: boolean) => (test ? [] : [`${where}: ${JSON.stringify(v)} is not ${field.type}`]);
  switch (field.type) {
    case 'text':
      return ok(typeof v === 'string');
    case 'number':
      return ok(typeof v === 'number');
    case 'integer':
      return ok(Number.isInteger(v));
    case 'boolean':
      return ok(typeof v === 'boolean');
    case 'date':
      return ok(typeof v === 'string' && !Number.isNaN(Date.parse(v)));
    case 'collection':
      return field.spec ? interfaceProblems(v, field.spec, where) : ok(typeof v === 'object');
    case 'array':
      if (!Array.isArray(v)) return ok(false);
      return field.spec ? v.flatMap((item, i) => interfaceProblems(item, field.spec ?? [], `${where}[${i}]`)) : [];
    default:
      return [];
  }
}
