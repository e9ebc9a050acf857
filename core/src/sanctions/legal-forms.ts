/**
 * Company legal-form words, as they read after normalisation (lower case, dots dropped: `Sdn. Bhd.` →
 * `sdn bhd`, `S.A. de C.V.` → `sa de cv`). They say nothing about who a company is, so screening ignores
 * them at the start or end of a name: `Meridian Components Sdn. Bhd.` and `MERIDIAN COMPONENTS` compare
 * equal. The one list of them: add new forms here.
 */
// biome-ignore format: a table reads better grouped
export const LEGAL_FORMS: readonly string[] = [
  // English-speaking
  'ltd', 'limited', 'llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'plc', 'llp', 'lp',
  'pte', 'pty', 'pvt', 'private limited', 'public limited company', 'co ltd', 'pte ltd', 'pty ltd', 'pvt ltd',
  'l l c', 'fze', 'fzco', 'fzc', 'fz llc', 'wll',
  // Germanic and Nordic
  'gmbh', 'ag', 'kg', 'kgaa', 'ug', 'gmbh and co kg', 'bv', 'nv', 'vof', 'oy', 'oyj', 'ab', 'as', 'a s', 'asa', 'aps',
  // Romance
  'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'slu', 'sc', 'snc', 'lda', 'ltda', 'sae', 'sac', 'saa', 'eirl',
  'sa de cv', 'sapi de cv', 's de rl', 's de rl de cv', 'de cv',
  // Central and Eastern European
  'oao', 'ooo', 'zao', 'pao', 'ao', 'pjsc', 'ojsc', 'cjsc', 'jsc', 'tov', 'sro', 'spol sro', 'sp z oo', 'doo',
  'dd', 'kft', 'zrt', 'nyrt', 'ead', 'eood', 'ood', 'sia', 'uab', 'ou',
  // …and Russian forms spelled out (as transliterated from Cyrillic)
  'aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'otkrytoe aktsionernoe obshchestvo',
  'zakrytoe aktsionernoe obshchestvo', 'obshchestvo s ogranichennoy otvetstvennostyu',
  // Asian
  'sdn bhd', 'bhd', 'berhad', 'sendirian berhad', 'kk', 'gk', 'pt', 'tbk', 'pt tbk',
];

/** Forms longest first as token arrays, so `sdn bhd` is taken whole before `bhd`. */
export const LEGAL_FORM_TOKENS: readonly (readonly string[])[] = LEGAL_FORMS.map((f) => f.split(' ')).sort(
  (a, b) => b.length - a.length,
);
