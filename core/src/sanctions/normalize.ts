import { LEGAL_FORM_TOKENS } from './legal-forms.js';
import { oneEditApart } from './one-edit.js';
import { transliterate } from './transliterate.js';

/**
 * A name as screening compares it: lower case, transliterated to Latin letters without accents,
 * apostrophes and dots dropped (`O'Brien` → `obrien`, `S.A.` → `sa`), `&` read as `and`, every other
 * character that is not a letter or digit a space, spaces collapsed.
 */
export function foldName(name: string): string {
  // Cyrillic first (й and ё must not lose their marks), then accents go, then Greek, whose letters
  // are only bare once the accents have gone.
  const marksGone = transliterate(name.normalize('NFC').toLowerCase()).normalize('NFKD').replace(/\p{M}/gu, '');
  return transliterate(marksGone)
    .replace(/&/g, ' and ')
    .replace(/['’‘`ʼ.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const FORM_WORDS = new Set(LEGAL_FORM_TOKENS.flat());
/** Long form words are recognised with one typo too (`compnay`, `corporaton`); short ones are not. */
const LONG_FORM_WORDS = [...FORM_WORDS].filter((w) => w.length >= 6);

/** The legal-form word a token stands for, if any. */
const formWord = (token: string | undefined): string | undefined => {
  if (token === undefined || FORM_WORDS.has(token)) return token;
  return token.length >= 6 ? LONG_FORM_WORDS.find((w) => oneEditApart(token, w)) : undefined;
};

const formAt = (tokens: readonly string[], at: number, form: readonly string[]): boolean =>
  form.every((word, i) => tokens[at + i] === word);

/** Drops legal forms from both ends of a name, as long as something else is left. */
export function dropLegalForms(words: readonly string[]): string[] {
  const tokens = [...words];
  let start = 0;
  let end = tokens.length;
  for (;;) {
    const first = formWord(tokens[start]);
    const last = formWord(tokens[end - 1]);
    if (first === undefined && last === undefined) break;
    if (first !== undefined) tokens[start] = first;
    if (last !== undefined) tokens[end - 1] = last;
    const form = LEGAL_FORM_TOKENS.find(
      (f) => end - start > f.length && (formAt(tokens, end - f.length, f) || formAt(tokens, start, f)),
    );
    if (!form) break;
    if (formAt(tokens, end - form.length, form)) end -= form.length;
    else start += form.length;
  }
  return words.slice(start, end);
}

/** The words of a name that screening compares: folded, without legal forms. */
export function nameTokens(name: string): string[] {
  const folded = foldName(name);
  return folded === '' ? [] : dropLegalForms(folded.split(' '));
}

/** The name as one comparable string: `Meridian Components Sdn. Bhd.` → `meridian components`. */
export const normalizeName = (name: string): string => nameTokens(name).join(' ');
