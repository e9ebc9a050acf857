import type { IncomingMessage } from 'node:http';

/**
 * The media type among `offered` the request's Accept header prefers (q-values honoured, order breaks ties),
 * or the first offered when it sends none or accepts anything.
 */
export function preferredType(request: IncomingMessage, offered: readonly string[]): string {
  const header = request.headers.accept;
  const first = offered[0] ?? 'application/json';
  if (!header) return first;
  let best = { type: first, q: -1, at: Number.POSITIVE_INFINITY };
  header.split(',').forEach((part, at) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? '1',
    );
    for (const type of offered) {
      const [major] = type.split('/');
      const matches = range === type || range === '*/*' || range === `${major}/*`;
      const specific = range === type ? 0 : 0.001; // an exact type beats a wildcard at the same q
      if (matches && q > 0 && (q - specific > best.q || (q - specific === best.q && at < best.at))) {
        best = { type, q: q - specific, at };
      }
    }
  });
  return best.q < 0 ? first : best.type;
}
