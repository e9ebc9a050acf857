import { stdnum, type Validator } from 'stdnum';
import type { RegistrationFormat } from './format.js';

/** The stdnum-js validator `stdnum[country][key]`; throws at load time if this stdnum version lacks it. */
export function stdnumValidator(country: string, key: string): Validator {
  const validator = stdnum[country]?.[key];
  if (!validator) throw new Error(`stdnum has no validator ${country}.${key}`);
  return validator;
}

interface StdnumFormatSpec {
  name: string;
  example: string | null;
  /** Where the validator lives in stdnum-js, e.g. `['FR', 'siren']`. */
  validator: [country: string, key: string];
  /** Left-pads an all-digit input with zeros to this length first (Czech IČO written without leading zeros). */
  padDigitsTo?: number;
}

/** Wraps a stdnum-js validator (format and check digit) as a registration format. */
export function stdnumFormat(spec: StdnumFormatSpec): RegistrationFormat {
  const validator = stdnumValidator(...spec.validator);
  return {
    name: spec.name,
    example: spec.example,
    match(input) {
      const trimmed = input.trim();
      const padTo = spec.padDigitsTo;
      const value = padTo !== undefined && /^\d+$/.test(trimmed) ? trimmed.padStart(padTo, '0') : trimmed;
      try {
        const result = validator.validate(value);
        return result.isValid ? result.compact : null;
      } catch {
        // stdnum reports bad input in its result; a throw would be a bug in it, and means "not this form".
        return null;
      }
    },
  };
}
