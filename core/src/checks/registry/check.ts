import type { CheckResult, VerificationCheck } from '../check.js';
import { matchNames } from './name-match.js';
import type { RegistryProvider } from './provider.js';

export interface RegistryProviders {
  /** Providers consulted for live verifications, first that covers the country wins. */
  live: readonly RegistryProvider[];
  /** Providers for test verifications (the simulator). */
  test: readonly RegistryProvider[];
}

const unavailable = (summary: string, findings: Record<string, unknown>): CheckResult => ({
  outcome: 'unavailable',
  summary,
  findings,
});

/** Looks the company up in the jurisdiction's registry; no provider means `unavailable`, never a guess. */
export function registryCheck(providers: RegistryProviders): VerificationCheck {
  return {
    type: 'registry',
    appliesTo: () => true,
    async run({ verification: v }) {
      const pool = v.livemode ? providers.live : providers.test;
      const provider = pool.find((p) => p.covers(v.countryCode, v.registrationId));
      if (!provider) {
        return unavailable(`No registry provider covers ${v.countryCode} yet; an analyst retrieves the record.`, {
          provider: null,
        });
      }
      const result = await provider.lookup({
        countryCode: v.countryCode,
        registrationId: v.registrationId,
        supplier: v.supplier,
      });
      if (!result.found) {
        return {
          outcome: 'not_found',
          summary: `${provider.name} has no company with id ${v.registrationId}.`,
          findings: { provider: provider.name },
        };
      }
      const r = result.record;
      const nameMatch = matchNames(v.supplier, r.legalName);
      return {
        outcome: r.status,
        summary: `${provider.name} reports ${r.legalName} (${r.registrationId}) as ${r.status}; the ordered name is a ${nameMatch.verdict.replace('_', ' ')} (${nameMatch.score.toFixed(2)}).`,
        findings: {
          provider: provider.name,
          legal_name: r.legalName,
          registration_id: r.registrationId,
          status_detail: r.statusDetail ?? null,
          jurisdiction: r.jurisdiction ?? null,
          as_of: r.asOf ?? null,
          incorporated_on: r.incorporatedOn,
          address: r.address,
          owners: r.owners,
          name_match: nameMatch,
        },
      };
    },
    giveUp: (error) =>
      unavailable('The registry did not answer after repeated attempts; an analyst retrieves the record.', {
        error: error instanceof Error ? error.message : String(error),
      }),
  };
}
