export interface FoundDate {
  /** As the document writes it. */
  written: string;
  /** UTC midnight of that day; null when no such day exists (31 February). */
  at: number | null;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const monthOf = (name: string): number => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3))) + 1;

/** UTC midnight of a calendar day, or null when the day does not exist. */
function day(year: number, month: number, date: number): number | null {
  const at = Date.UTC(year, month - 1, date);
  const d = new Date(at);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === date ? at : null;
}

/**
 * Numeric dates are read day first (as in most registries outside the US); when that day does not exist but
 * the month-first reading does (`12/31/2020`), the month-first reading is taken.
 */
function numeric(a: number, b: number, year: number): number | null {
  return day(year, b, a) ?? day(year, a, b);
}

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => number | null }[] = [
  // 2021-03-12
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, read: (m) => day(Number(m[1]), Number(m[2]), Number(m[3])) },
  // 12/03/2021, 12.03.2021, 12-03-2021
  { re: /\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b/g, read: (m) => numeric(Number(m[1]), Number(m[2]), Number(m[3])) },
  // 12 March 2021, 12th of March, 2021, the 14th day of May 2018
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:day\\s+)?(?:of\\s+)?${MONTH}\\.?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => day(Number(m[3]), monthOf(m[2] ?? ''), Number(m[1])),
  },
  // March 12, 2021
  {
    re: new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => day(Number(m[3]), monthOf(m[1] ?? ''), Number(m[2])),
  },
];

/** The dates a document's text states, in the order the patterns find them. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const taken: [number, number][] = [];
  for (const { re, read } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      found.push({ written: m[0], at: read(m as RegExpExecArray) });
    }
  }
  return found;
}
