import { formatsFor } from './identifiers/country-formats.js';
import { hasValidLeiChecksum, leiFormat, leiShaped } from './identifiers/lei.js';
import { findJurisdiction } from './jurisdictions.js';

export type IdentifierCheck =
  | { status: 'valid'; format: string; normalized: string }
  | { status: 'invalid'; format: string; reason: string }
  | { status: 'unchecked'; reason: string };

/**
 * Checks a supplier's registration id against the forms accepted in its jurisdiction.
 *
 * - An LEI (20 letters or digits with valid ISO 7064 check digits) is valid in every jurisdiction.
 * - An input matching one of the country's forms (registry number, or a tax / VAT number accepted in its
 *   place) is valid.
 * - An LEI-shaped input that is neither is invalid in every jurisdiction (the country forms come first
 *   because some are 20 digits too, e.g. Algeria's NIF).
 * - Anything else is invalid only when the country's forms are exhaustive and all certain; else unchecked.
 */
export function validateRegistrationId(countryCode: string, registrationId: string): IdentifierCheck {
  const lei = leiShaped(registrationId);
  if (lei !== null && hasValidLeiChecksum(lei)) return { status: 'valid', format: leiFormat.name, normalized: lei };

  // A code covered by another row (JE by the Channel Islands row GG) uses that row's forms.
  const jurisdiction = findJurisdiction(countryCode);
  const country = jurisdiction?.countryCode ?? countryCode.trim().toUpperCase();
  const { exhaustive, formats } = formatsFor(country);
  for (const format of formats) {
    const normalized = format.match(registrationId);
    if (normalized !== null) return { status: 'valid', format: format.name, normalized };
  }

  if (lei !== null) {
    return { status: 'invalid', format: leiFormat.name, reason: 'LEI check digits (ISO 7064 MOD 97-10) do not match' };
  }
  if (!jurisdiction) return { status: 'unchecked', reason: `no covered jurisdiction '${countryCode}'` };
  if (exhaustive) {
    const accepted = [...formats, leiFormat]
      .map((format) => (format.example === null ? format.name : `${format.name}, e.g. ${format.example}`))
      .join('; ');
    return {
      status: 'invalid',
      format: formats[0]?.name ?? leiFormat.name,
      reason: `matches none of the forms accepted in ${country}: ${accepted}`,
    };
  }
  return {
    status: 'unchecked',
    reason:
      formats.length === 0
        ? `no format check for registration ids in ${country}`
        : `does not match ${formats.map((format) => format.name).join(', ')}, and other forms cannot be checked in ${country}`,
  };
}
