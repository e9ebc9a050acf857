export type NameVerdict = 'match' | 'partial_match' | 'no_match';

export interface NameMatch {
  /** 0..1, two decimals. */
  score: number;
  verdict: NameVerdict;
}

/** At or above: the same name, written differently (case, accents, punctuation, legal form, a typo). */
export const MATCH_THRESHOLD = 0.9;
/** At or above: a real overlap that an analyst should look at (a trading division, a holding, a rename). */
export const PARTIAL_THRESHOLD = 0.5;
/** Two words this similar (Jaro-Winkler) count as the same word, scored by their similarity. */
const SAME_WORD = 0.88;

/**
 * Legal-form words, as they read once lower-cased and stripped of dots (`S.A.` → `sa`, `Sdn. Bhd.` → `sdn bhd`).
 * They say what kind of company it is, not which one, so they are left out of the comparison.
 */
const LEGAL_FORMS = new Set(
  `the ltd limited plc llc llp lp lllp pllc inc incorporated corp corporation co company cic
   gmbh mbh ag kg kgaa ohg ug ev eg gbr se sa sas sasu sarl eurl sca scs snc srl srls spa sapa
   bv nv vof cv oy oyj ab hb kb as asa aps ans ks hf ehf
   sdn bhd berhad pte pty pvt private kk yk gk
   sl slu sll lda ltda sro spol zoo sp doo dd ad ood eood kft zrt nyrt rt
   jsc ojsc pjsc cjsc ooo oao zao pao tov pt tbk`.split(/\s+/),
);

/** Lower-case words of a name without accents, punctuation or legal-form words. */
export function nameTokens(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  // A name made only of such words ("Company Limited") is compared as it is.
  return kept.length > 0 ? kept : words;
}

/** Jaro-Winkler similarity of two strings, 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] !== undefined && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Joins two neighbouring words of `tokens` where the other name writes them as one ("blue sky" / "bluesky"). */
function joinCompounds(tokens: readonly string[], other: readonly string[]): string[] {
  const wanted = new Set(other);
  const joined: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (next !== undefined && wanted.has(word + next)) {
      joined.push(word + next);
      i++;
    } else {
      joined.push(word);
    }
  }
  return joined;
}

/**
 * Token-set similarity: the words of each name are paired one to one, most similar first; a pair counts by
 * its Jaro-Winkler similarity when that reaches SAME_WORD. Score = 2 × (sum of pair scores) / (words in
 * both names), so a word only one name has pulls the score down ("Acme Holdings" vs "Acme" → 0.67).
 */
function tokenSetScore(a: readonly string[], b: readonly string[]): number {
  const pairs: { i: number; j: number; score: number }[] = [];
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      const score = jaroWinkler(x, y);
      if (score >= SAME_WORD) pairs.push({ i, j, score });
    });
  });
  pairs.sort((p, q) => q.score - p.score);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let total = 0;
  for (const { i, j, score } of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    total += score;
  }
  return (2 * total) / (a.length + b.length);
}

/**
 * Compares the supplier name as ordered with the registry's legal name. Both are normalized (case, accents,
 * punctuation, `&` → and, legal-form words dropped, "Blue Sky" joined where the other says "Bluesky"), then
 * scored by token-set similarity. Verdicts:
 *   score ≥ 0.9 → match; ≥ 0.5 → partial_match; below → no_match.
 */
export function matchNames(ordered: string, registered: string): NameMatch {
  const orderedTokens = nameTokens(ordered);
  const registeredTokens = nameTokens(registered);
  if (orderedTokens.length === 0 || registeredTokens.length === 0) return { score: 0, verdict: 'no_match' };
  const a = joinCompounds(orderedTokens, registeredTokens);
  const b = joinCompounds(registeredTokens, a);
  const score = Math.round(Math.min(1, tokenSetScore(a, b)) * 100) / 100;
  const verdict: NameVerdict =
    score >= MATCH_THRESHOLD ? 'match' : score >= PARTIAL_THRESHOLD ? 'partial_match' : 'no_match';
  return { score, verdict };
}
