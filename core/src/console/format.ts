/** Display formats of the console: UTC times and short durations. */

/** `2026-05-27 11:04 UTC`; '—' for null. */
export function when(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An RFC 3339 string as `when`. */
export function whenIso(iso: string | null | undefined): string {
  return iso ? when(Date.parse(iso)) : '—';
}

/** `3 d 4 h`, `5 h 12 min`, `42 s`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** An ISO 8601 duration (`PT6H`, `P2DT4H`) in milliseconds; NaN when it is not one. */
export function isoDurationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return Number.NaN;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}

export const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)} %`);
