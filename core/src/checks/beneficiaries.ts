import type { BeneficiaryResult } from '@keybs/contract';
import type { CheckResult, VerificationCheck } from './check.js';
import { matchNames } from './registry/name-match.js';

/** Registers write people with a title ("Mrs Jane Example"); declarations rarely do. */
const TITLES =
  /^(?:(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|herr|frau|m|mme|sr|sra|dato|datuk|tan sri|encik|puan)\.?\s+)+/i;
const personName = (name: string) => name.trim().replace(TITLES, '');

interface RegistryOwner {
  name: string;
  ownershipPct: number | null;
}

/**
 * Compares the declared ultimate beneficial owners with those the registry reports. Each declared owner is
 * paired with the registry owner whose name matches best; `match` when every declared owner is found and
 * the registry names no one else, `partial_match` when some are, `no_match` when none are. Where the registry
 * reports no owners the comparison cannot be made (`unverified`), which is not counted as evidence.
 */
export const beneficiariesCheck: VerificationCheck = {
  type: 'beneficiaries',
  appliesTo: () => true,
  async run({ verification: v, earlier }): Promise<CheckResult> {
    const declared = v.beneficiaries;
    if (declared.length === 0) {
      return { outcome: 'not_provided', summary: 'No beneficial owners were declared.', findings: { declared: [] } };
    }
    const owners = (earlier.get('registry')?.findings.owners ?? null) as RegistryOwner[] | null;
    if (owners === null) {
      return {
        outcome: 'unverified',
        summary: 'The registry reports no beneficial owners here; the declared owners could not be compared.',
        findings: { declared: declared.map((b) => b.name), registry: null },
      };
    }
    const pairs = declared.map((b) => {
      const best = owners
        .map((o) => ({ owner: o, match: matchNames(personName(b.name), personName(o.name)) }))
        .sort((x, y) => y.match.score - x.match.score)[0];
      return { declared: b.name, registry: best?.owner.name ?? null, verdict: best?.match.verdict ?? 'no_match' };
    });
    const found = pairs.filter((p) => p.verdict === 'match');
    const undeclared = owners.filter((o) => !pairs.some((p) => p.verdict === 'match' && p.registry === o.name));
    const outcome: BeneficiaryResult =
      found.length === 0
        ? 'no_match'
        : found.length === declared.length && undeclared.length === 0
          ? 'match'
          : 'partial_match';
    return {
      outcome,
      summary: `${found.length} of ${declared.length} declared owner(s) found in the registry; ${undeclared.length} registry owner(s) not declared.`,
      findings: { pairs, undeclared_registry_owners: undeclared },
    };
  },
  giveUp: (error) => ({
    outcome: 'unverified',
    summary: 'The comparison failed.',
    findings: { error: error instanceof Error ? error.message : String(error) },
  }),
};
