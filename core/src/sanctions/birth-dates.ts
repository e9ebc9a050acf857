/** A span of days (UTC ms) a listed date of birth allows. */
interface Span {
  from: number;
  to: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const YEAR_MS = 365.25 * 86_400_000;

const yearSpan = (from: number, to: number): Span => ({ from: Date.UTC(from, 0, 1), to: Date.UTC(to, 11, 31) });

const day = (year: string | undefined, month: number, date: string | undefined): Span => {
  const at = Date.UTC(Number(year), month, Number(date));
  return { from: at, to: at };
};
const monthIndex = (name: string | undefined): number => MONTHS.indexOf((name ?? '').slice(0, 3));

/** The forms lists write dates of birth in, each with how to read it; a reader gives undefined to pass. */
const READERS: [RegExp, (m: RegExpExecArray) => Span | undefined][] = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => day(m[1], Number(m[2]) - 1, m[3])],
  [/^(\d{1,2}) ([a-z]{3,9}) (\d{4})$/, (m) => (monthIndex(m[2]) < 0 ? undefined : day(m[3], monthIndex(m[2]), m[1]))],
  [
    /^([a-z]{3,9}) (\d{4})$/,
    (m) => {
      const month = monthIndex(m[1]);
      return month < 0
        ? undefined
        : { from: Date.UTC(Number(m[2]), month, 1), to: Date.UTC(Number(m[2]), month + 1, 0) };
    },
  ],
  [/^(\d{4})$/, (m) => yearSpan(Number(m[1]), Number(m[1]))],
  [/^(\d{4})\s*(?:-|to)\s*(\d{4})$/, (m) => yearSpan(Number(m[1]), Number(m[2]))],
];

/** One statement: `08 Feb 1971`, `Feb 1971`, `1971`, `1978-04-28`, `1973-1974`, `1960 to 1962`, `circa 1965`. */
function spanOf(statement: string): Span | undefined {
  const text = statement.trim().toLowerCase();
  const approximate = /^(circa|c\.|approximately|about)\s+/.exec(text);
  const body = approximate ? text.slice(approximate[0].length) : text;
  let span: Span | undefined;
  for (const [pattern, read] of READERS) {
    const m = pattern.exec(body);
    span = m ? read(m) : undefined;
    if (span) break;
  }
  // An approximate date allows a year either side.
  return span && approximate ? { from: span.from - YEAR_MS, to: span.to + YEAR_MS } : span;
}

export type BirthDateVerdict = 'agrees' | 'conflicts' | 'unknown';

/**
 * Whether a declared date of birth (`YYYY-MM-DD`) fits what a list states (several statements joined by `;`).
 * `unknown` when either side has no date the hub can read: the name alone must then decide.
 */
export function compareBirthDate(declared: string | undefined, listed: string | null): BirthDateVerdict {
  if (!declared || !listed) return 'unknown';
  const at = Date.parse(`${declared}T00:00:00Z`);
  if (Number.isNaN(at)) return 'unknown';
  const spans = listed.split(';').flatMap((s) => spanOf(s) ?? []);
  if (spans.length === 0) return 'unknown';
  return spans.some((s) => at >= s.from && at <= s.to) ? 'agrees' : 'conflicts';
}
