/** One line from an address's parts, in order, skipping empty ones and repeats; `null` when nothing is left. */
export function formatAddress(parts: readonly (string | null | undefined)[]): string | null {
  const kept: string[] = [];
  for (const part of parts) {
    const value = part?.trim().replace(/\s+/g, ' ');
    if (value && !kept.includes(value)) kept.push(value);
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

/** The date part (`YYYY-MM-DD`) of an ISO 8601 date or date-time; `null` when there is none. */
export function isoDate(value: string | null | undefined): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value?.trim() ?? '');
  return match?.[1] ?? null;
}
