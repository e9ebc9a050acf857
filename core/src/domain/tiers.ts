import type { Package } from '@keybs/contract';

export type Tier = 1 | 2 | 3;

/**
 * Service level per tier and package: how long until a decision is due. Tier 1 registries answer
 * online at once; tier 2 registries are online but partial or slow; tier 3 needs manual retrieval.
 * The seed's example holds: MY (tier 2) + enhanced → PT6H.
 */
const SLA: Record<Tier, Record<Package, { iso: string; ms: number }>> = {
  1: { basic: hours(0.25), standard: hours(2), enhanced: hours(4) },
  2: { basic: hours(0.5), standard: hours(4), enhanced: hours(6) },
  3: { basic: hours(2), standard: hours(12), enhanced: hours(48) },
};

/** Median turnaround quoted for a tier until enough verifications were observed there. */
const TIER_DEFAULT_TURNAROUND: Record<Tier, string> = { 1: 'PT1H', 2: 'PT3H', 3: 'PT8H' };

function hours(h: number): { iso: string; ms: number } {
  const minutes = Math.round(h * 60);
  const iso = minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
  return { iso, ms: minutes * 60_000 };
}

export function slaFor(tier: Tier, pkg: Package): { iso: string; ms: number } {
  return SLA[tier][pkg];
}

export function tierDefaultTurnaround(tier: Tier): string {
  return TIER_DEFAULT_TURNAROUND[tier];
}

/** Milliseconds as an ISO 8601 duration with hours, minutes and seconds (`PT2H5M`, `PT45S`). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
  return `PT${parts}`;
}
