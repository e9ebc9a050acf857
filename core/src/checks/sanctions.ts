import type { SanctionsStatus } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import { classifyScore } from '../sanctions/config.js';
import type { ScreeningHit } from '../sanctions/screen.js';
import type { SanctionsScreener } from '../sanctions/screener.js';
import type { CheckResult, VerificationCheck } from './check.js';

const RANK: Record<SanctionsStatus, number> = { clear: 0, potential_match: 1, match: 2 };

interface Screened {
  role: 'supplier' | 'beneficiary';
  name: string;
  status: SanctionsStatus;
  hits: ScreeningHit[];
}

/**
 * Screens the supplier (as an entity) and every declared beneficiary (as an individual) against the loaded
 * list editions. A beneficiary's hit rests on the name alone (no date of birth is compared yet), so it is at
 * most a potential match for an analyst to confirm, never an automatic rejection.
 */
export function sanctionsCheck(screener: SanctionsScreener): VerificationCheck {
  return {
    type: 'sanctions',
    appliesTo: () => true,
    async run({ verification: v }): Promise<CheckResult> {
      // New editions are picked up by the screener's watch (every 5 s), not per verification.
      const editions = screener.editions;
      if (editions.length === 0) {
        return {
          outcome: 'not_screened',
          summary: 'No sanctions list is loaded (keybs sanctions import); the supplier was not screened.',
          findings: { editions: [] },
        };
      }
      const screened: Screened[] = [
        screen(screener, 'supplier', v.supplier),
        ...v.beneficiaries.map((b) => screen(screener, 'beneficiary', b.name)),
      ];
      const worst = screened.reduce<SanctionsStatus>((w, s) => (RANK[s.status] > RANK[w] ? s.status : w), 'clear');
      const flagged = screened.filter((s) => s.status !== 'clear');
      return {
        outcome: worst,
        summary:
          flagged.length === 0
            ? `${screened.length} name(s) screened against ${editions.length} list(s): no match.`
            : flagged
                .map(
                  (s) =>
                    `${s.role} '${s.name}': ${s.status.replace('_', ' ')} with '${s.hits[0]?.matched_name}' (${s.hits[0]?.list}, score ${s.hits[0]?.score})`,
                )
                .join('; '),
        findings: {
          screened: screened.map((s) => ({ role: s.role, name: s.name, status: s.status, hits: s.hits })),
          editions: editions.map((e) => ({
            list: e.listId,
            edition_id: e.id,
            loaded_at: rfc3339(e.loadedAt),
            published_at: e.publishedAt,
            entry_count: e.entryCount,
          })),
          thresholds: { match: screener.thresholds.match, potential_match: screener.thresholds.potentialMatch },
        },
      };
    },
    giveUp: (error) => ({
      outcome: 'not_screened',
      summary: 'Screening failed; an analyst must screen by hand.',
      findings: { error: error instanceof Error ? error.message : String(error) },
    }),
  };
}

function screen(screener: SanctionsScreener, role: Screened['role'], name: string): Screened {
  const hits = screener.screenName(name, { type: role === 'supplier' ? 'entity' : 'individual', limit: 5 });
  const top = hits[0]?.score ?? 0;
  let status = classifyScore(top, screener.thresholds) as SanctionsStatus;
  if (role === 'beneficiary' && status === 'match') status = 'potential_match';
  return { role, name, status, hits };
}
