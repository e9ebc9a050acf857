import type { CoverageRow } from '@keybs/contract';
import { findJurisdiction, type Jurisdiction, listJurisdictions } from '../jurisdictions/jurisdictions.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import { isoDuration, tierDefaultTurnaround } from './tiers.js';

const WINDOW_MS = 90 * 86_400_000;
/** Observed medians need at least this many completed verifications in the window. */
const MIN_OBSERVED = 5;
const CACHE_MS = 60_000;

/** The 217 jurisdictions with tier and median turnaround, observed per environment where there is enough data. */
export class Coverage {
  private cache = new Map<boolean, { at: number; medians: Map<string, number> }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(livemode: boolean): Promise<CoverageRow[]> {
    const medians = await this.medians(livemode);
    return listJurisdictions().map((j) => row(j, medians.get(j.countryCode)));
  }

  async get(livemode: boolean, code: string): Promise<CoverageRow> {
    const j = /^[A-Za-z]{2}$/.test(code) ? findJurisdiction(code) : undefined;
    if (!j) throw new ApiError('resource_not_found', `No covered jurisdiction '${code}'.`, 'country_code');
    return row(j, (await this.medians(livemode)).get(j.countryCode));
  }

  private async medians(livemode: boolean): Promise<Map<string, number>> {
    const now = this.clock.now();
    const hit = this.cache.get(livemode);
    if (hit && now - hit.at < CACHE_MS) return hit.medians;
    const byCountry = new Map<string, number[]>();
    for (const d of await this.store.verifications.decidedSince(livemode, now - WINDOW_MS)) {
      const code = findJurisdiction(d.countryCode)?.countryCode ?? d.countryCode;
      const list = byCountry.get(code) ?? [];
      list.push(d.decidedAt - d.createdAt);
      byCountry.set(code, list);
    }
    const medians = new Map<string, number>();
    for (const [code, list] of byCountry) if (list.length >= MIN_OBSERVED) medians.set(code, median(list));
    this.cache.set(livemode, { at: now, medians });
    return medians;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function row(j: Jurisdiction, observed: number | undefined): CoverageRow {
  return {
    country_code: j.countryCode,
    name: j.name,
    world_bank_code: j.worldBankCode,
    tier: j.tier,
    median_turnaround: observed === undefined ? tierDefaultTurnaround(j.tier) : isoDuration(observed),
    turnaround_source: observed === undefined ? 'tier_default' : 'observed',
    registry_sources: j.registrySources,
    identifier_formats: j.identifierFormats,
    also_accepts: j.alsoAccepts,
  };
}
