import type { SanctionsStatus } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import { compareBirthDate } from '../sanctions/birth-dates.js';
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
 * list editions. For a beneficiary the declared date of birth is compared with the listed one: a name match
 * whose date agrees is a match; without both dates it is at most a potential match for an analyst to confirm;
 * a date that conflicts discounts a near-name hit to clear, and leaves an exact-name hit to the analyst.
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
        ...v.beneficiaries.map((b) => screenPerson(screener, b.name, b.date_of_birth)),
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
  const hits = screener.screenName(name, { type: 'entity', limit: 5 });
  const status = classifyScore(hits[0]?.score ?? 0, screener.thresholds) as SanctionsStatus;
  return { role, name, status, hits };
}

/** A person: the name decides which entries are hits, the date of birth how far each counts. */
function screenPerson(screener: SanctionsScreener, name: string, dateOfBirth: string | undefined): Screened {
  const hits = screener
    .screenName(name, { type: 'individual', limit: 5 })
    .map((h) => ({ ...h, birth_date: compareBirthDate(dateOfBirth, h.date_of_birth) }));
  const rank = (h: (typeof hits)[number]): SanctionsStatus => {
    const byName = classifyScore(h.score, screener.thresholds) as SanctionsStatus;
    if (h.birth_date === 'agrees') return byName;
    if (h.birth_date === 'conflicts') return byName === 'match' ? 'potential_match' : 'clear';
    return byName === 'match' ? 'potential_match' : byName;
  };
  const status = hits.map(rank).reduce<SanctionsStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'clear');
  return { role: 'beneficiary', name, status, hits };
}
