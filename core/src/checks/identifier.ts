import { validateRegistrationId } from '../jurisdictions/identifiers.js';
import type { CheckResult, VerificationCheck } from './check.js';

/** Records what the registration id's format and check digits say (invalid ids were refused at order time). */
export const identifierCheck: VerificationCheck = {
  type: 'identifier',
  appliesTo: () => true,
  async run({ verification }): Promise<CheckResult> {
    const result = validateRegistrationId(verification.countryCode, verification.registrationId);
    switch (result.status) {
      case 'valid':
        return {
          outcome: 'valid',
          summary: `Registration id is a well-formed ${result.format}.`,
          findings: { format: result.format, normalized: result.normalized },
        };
      case 'invalid':
        return {
          outcome: 'invalid',
          summary: `Registration id fails the ${result.format} format: ${result.reason}`,
          findings: { format: result.format, reason: result.reason },
        };
      case 'unchecked':
        return {
          outcome: 'unchecked',
          summary: `No certain validator for ${verification.countryCode} identifiers; the registry check decides.`,
          findings: { reason: result.reason },
        };
    }
  },
  giveUp: (error) => ({
    outcome: 'unchecked',
    summary: 'Identifier validation failed.',
    findings: { error: String(error) },
  }),
};
