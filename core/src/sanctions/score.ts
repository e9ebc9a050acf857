import { jaroWinkler } from './jaro-winkler.js';
import { oneEditApart } from './one-edit.js';

/**
 * Token pairs less alike than this count as unpaired (`atlas` is not half of `alamir`), unless one
 * typo apart: short tokens with one typo (`ali`/`ari`) can score below it.
 */
export const PAIR_FLOOR = 0.8;

function similarity(a: string, b: string): number {
  const s = jaroWinkler(a, b);
  return s >= PAIR_FLOOR || oneEditApart(a, b) ? s : 0;
}

const weightOf = (tokens: readonly string[]): number => tokens.reduce((sum, t) => sum + t.length, 0);

/**
 * How alike two names are, in [0, 1], from their tokens (see `nameTokens`), in any order. Tokens are
 * paired greedily, most similar pair first (Jaro-Winkler), each used once. Every token weighs its
 * length, on both sides: a pair adds its similarity times both tokens' weight, and a token left without
 * a partner (or paired below `PAIR_FLOOR`) adds nothing, so `acme trading` against `acme` scores 8/15. Names that differ only in
 * spacing (`aero caribbean` / `aerocaribbean`) score 1.
 */
export function scoreTokens(query: readonly string[], candidate: readonly string[]): number {
  const total = weightOf(query) + weightOf(candidate);
  if (total === 0) return 0;
  const n = query.length;
  const m = candidate.length;
  const sims = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) sims[i * m + j] = similarity(query[i] ?? '', candidate[j] ?? '');
  }
  const usedQ = new Uint8Array(n);
  const usedC = new Uint8Array(m);
  let matched = 0;
  for (let pairs = Math.min(n, m); pairs > 0; pairs--) {
    let best = -1;
    let bestSim = 0;
    for (let i = 0; i < n; i++) {
      if (usedQ[i]) continue;
      for (let j = 0; j < m; j++) {
        const s = sims[i * m + j] ?? 0;
        if (!usedC[j] && s > bestSim) {
          bestSim = s;
          best = i * m + j;
        }
      }
    }
    if (best < 0) break;
    const i = Math.floor(best / m);
    const j = best % m;
    usedQ[i] = 1;
    usedC[j] = 1;
    matched += bestSim * ((query[i]?.length ?? 0) + (candidate[j]?.length ?? 0));
  }
  const score = matched / total;
  return score < 1 && n !== m && query.join('') === candidate.join('') ? 1 : score;
}
