/** One accepted form of registration identifier, e.g. a Companies House number or a French SIREN. */
export interface RegistrationFormat {
  name: string;
  /** An identifier of this form that passes its check, written the way people write it; null if none is known. */
  example: string | null;
  /** The normalized identifier when `input` is a well-formed identifier of this form, else `null`. */
  match(input: string): string | null;
}

/** Upper-cases and removes white space and the given separator characters. */
export function compactId(input: string, separators = ''): string {
  let result = '';
  for (const char of input.trim().toUpperCase()) {
    if (/\s/.test(char) || separators.includes(char)) continue;
    result += char;
  }
  return result;
}

interface PatternSpec {
  name: string;
  example: string | null;
  /** Characters removed before matching, besides white space. */
  separators: string;
  pattern: RegExp;
  /** Builds the normalized identifier from the match; the whole compact input by default. */
  normalize?: (match: RegExpExecArray) => string;
}

/** A form with a fixed shape but no check digit: the shape is all that can be checked. */
export function patternFormat(spec: PatternSpec): RegistrationFormat {
  return {
    name: spec.name,
    example: spec.example,
    match(input) {
      const found = spec.pattern.exec(compactId(input, spec.separators));
      if (!found) return null;
      return spec.normalize ? spec.normalize(found) : found[0];
    },
  };
}
