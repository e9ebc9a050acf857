import { DEFAULT_SCREENING_CONFIG, type ScreeningConfig } from './config.js';
import type { EntryType, ListId, SanctionsEntry } from './entry.js';
import { nameTokens } from './normalize.js';
import { scoreTokens } from './score.js';
import { TokenIndex } from './token-index.js';

/** One listed party that a screened name resembles, in the wire format of `GET /v1/sanctions/search`. */
export interface ScreeningHit {
  list: ListId;
  entry_id: string;
  /** The entry's primary name. */
  name: string;
  /** The entry's name or alias that the screened name resembles most. */
  matched_name: string;
  type: EntryType;
  programs: string[];
  /** As the list states it (`08 Feb 1971`, `1971`, `circa 1965`, `1960 to 1962`); null when it has none. */
  date_of_birth: string | null;
  /** 0–1, three decimals. */
  score: number;
}

export interface ScreenOptions {
  /** `individual`: only listed individuals; `entity`: everything else (companies, vessels, aircraft…). */
  type?: 'entity' | 'individual';
  /** Most hits returned (default 10). */
  limit?: number;
  /** Least score returned (default: the config's `potentialMatch`). */
  minScore?: number;
}

/** Distinct query tokens beyond this many still count in the score, not in finding candidates (a bit each). */
const MAX_QUERY_TOKENS = 31;
/** A candidate is scored only if the part of the name its tokens hit could reach the threshold less this. */
const ESTIMATE_SLACK = 0.3;

/** The parentheses of `BUTEMBO AIRLINES (BAL)` hold an acronym: the name is also filed without them. */
const withoutParentheses = (name: string): string => name.replace(/\([^)]*\)/g, ' ');

/**
 * The names and aliases of a set of list entries, indexed for screening. Built once per set of
 * current editions; `screenName` is pure and never compares a name with every listed name: candidates
 * come from an inverted index of tokens within one edit of the query's tokens.
 */
export class ScreeningIndex {
  readonly config: ScreeningConfig;
  private readonly entries: readonly SanctionsEntry[];
  private readonly tokens = new TokenIndex();
  /** Per name: its entry, what it says, its tokens and their total length. */
  private readonly nameEntry: number[] = [];
  private readonly nameText: string[] = [];
  private readonly nameTokens: string[][] = [];
  private readonly nameWeight: number[] = [];
  /** Per token id: the names holding it. */
  private readonly postings: number[][] = [];
  private mask = new Int32Array(0);
  private hit = new Float64Array(0);

  constructor(entries: readonly SanctionsEntry[], config: Partial<ScreeningConfig> = {}) {
    this.config = { ...DEFAULT_SCREENING_CONFIG, ...config };
    this.entries = entries;
    entries.forEach((entry, e) => {
      const filed = new Set<string>();
      for (const text of [entry.name, ...entry.aliases.map((a) => a.name)]) {
        for (const variant of text.includes('(') ? [text, withoutParentheses(text)] : [text]) {
          const tokens = nameTokens(variant);
          const key = tokens.join(' ');
          if (key === '' || filed.has(key)) continue;
          filed.add(key);
          this.addName(e, text, tokens);
        }
      }
    });
    this.mask = new Int32Array(this.nameEntry.length);
    this.hit = new Float64Array(this.nameEntry.length);
  }

  /** How many entries and how many distinct names (primary names and aliases) are indexed. */
  get size(): { entries: number; names: number; tokens: number } {
    return { entries: this.entries.length, names: this.nameEntry.length, tokens: this.tokens.size };
  }

  private addName(entry: number, text: string, tokens: string[]): void {
    const id = this.nameEntry.length;
    this.nameEntry.push(entry);
    this.nameText.push(text);
    this.nameTokens.push(tokens);
    this.nameWeight.push(tokens.reduce((sum, t) => sum + t.length, 0));
    for (const token of new Set(tokens)) {
      const t = this.tokens.add(token);
      const list = this.postings[t];
      if (list) list.push(id);
      else this.postings[t] = [id];
    }
  }

  /** The listed parties `name` resembles, best first, one hit per entry (its best-matching name). */
  screenName(name: string, options: ScreenOptions = {}): ScreeningHit[] {
    const query = nameTokens(name);
    if (query.length === 0) return [];
    const minScore = options.minScore ?? this.config.potentialMatch;
    const limit = Math.max(1, options.limit ?? 10);
    const best = new Map<number, { score: number; name: number }>();
    for (const id of this.candidates(query, minScore, options.type)) {
      const candidate = this.nameTokens[id] ?? [];
      const score = Math.round(scoreTokens(query, candidate) * 1000) / 1000;
      const entry = this.nameEntry[id] ?? 0;
      const known = best.get(entry);
      if (score >= minScore && (!known || score > known.score)) best.set(entry, { score, name: id });
    }
    return [...best.entries()]
      .sort(([ea, a], [eb, b]) => b.score - a.score || ea - eb)
      .slice(0, limit)
      .map(([e, { score, name: id }]) => {
        const entry = this.entries[e] as SanctionsEntry;
        return {
          list: entry.listId,
          entry_id: entry.entryId,
          name: entry.name,
          matched_name: this.nameText[id] ?? entry.name,
          type: entry.type,
          programs: [...entry.programs],
          date_of_birth: entry.dateOfBirth ?? null,
          score,
        };
      });
  }

  /**
   * Names sharing a token (within one edit) with the query, ranked by the share of the two names those
   * tokens make up: the `maxCandidates` best that could still reach `minScore`.
   */
  private candidates(query: readonly string[], minScore: number, type: ScreenOptions['type']): number[] {
    const touched: number[] = [];
    const queryWeight = query.reduce((sum, t) => sum + t.length, 0);
    // A token said twice is looked up once, weighing twice.
    const weights = new Map<string, number>();
    for (const token of query) weights.set(token, (weights.get(token) ?? 0) + token.length);
    [...weights].slice(0, MAX_QUERY_TOKENS).forEach(([token, weight], i) => {
      const bit = 1 << i;
      for (const t of this.tokens.similar(token)) {
        for (const id of this.postings[t] ?? []) {
          const mask = this.mask[id] ?? 0;
          if (mask & bit) continue;
          if (mask === 0) {
            if (type && !this.hasType(id, type)) continue;
            touched.push(id);
          }
          this.mask[id] = mask | bit;
          this.hit[id] = (this.hit[id] ?? 0) + weight;
        }
      }
    });
    const floor = minScore - ESTIMATE_SLACK;
    const ranked: { id: number; estimate: number }[] = [];
    for (const id of touched) {
      const estimate = (2 * (this.hit[id] ?? 0)) / (queryWeight + (this.nameWeight[id] ?? 0));
      if (estimate >= floor) ranked.push({ id, estimate });
      this.mask[id] = 0;
      this.hit[id] = 0;
    }
    ranked.sort((a, b) => b.estimate - a.estimate);
    return ranked.slice(0, this.config.maxCandidates).map((c) => c.id);
  }

  private hasType(id: number, type: 'entity' | 'individual'): boolean {
    const isIndividual = this.entries[this.nameEntry[id] ?? 0]?.type === 'individual';
    return type === 'individual' ? isIndividual : !isIndividual;
  }
}
