import type { ListId, ParsedEdition, SanctionsEntry } from './entry.js';

/** One loaded edition of a list. `current` marks the one screening uses; older ones stay until pruned. */
export interface SanctionsEdition {
  id: number;
  listId: ListId;
  source: string;
  /** Epoch milliseconds. */
  loadedAt: number;
  entryCount: number;
  checksum: string;
  publishedAt: string | null;
  current: boolean;
}

export interface NewEdition extends Omit<ParsedEdition, 'entries'> {
  entries: Iterable<SanctionsEntry>;
  loadedAt: number;
}

/** Where list editions live. Each method is atomic; imports from another process show in `version`. */
export interface SanctionsStore {
  /**
   * Stores the edition's entries and makes it its list's current edition, in one transaction: readers
   * see the previous edition or the new one whole, and a failure leaves the previous one in force.
   */
  importEdition(edition: NewEdition): Promise<SanctionsEdition>;
  /** The current edition of each loaded list. */
  currentEditions(): Promise<SanctionsEdition[]>;
  /** The entries of these editions, in the order they were imported. */
  entriesOf(editionIds: readonly number[]): Promise<SanctionsEntry[]>;
  /** Every stored edition, newest first. */
  listEditions(): Promise<SanctionsEdition[]>;
  /** A value that changes whenever the set of current editions does; cheap enough to ask every second. */
  version(): Promise<string>;
  /** Deletes editions that are not current, except the newest `keepPrevious` of each list. Returns how many. */
  prune(keepPrevious: number): Promise<number>;
}
