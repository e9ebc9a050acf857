/** Tokens shorter than this are found only as they are: their deletion variants would be too common. */
const MIN_FUZZY_LENGTH = 4;

/** The token and every string made by deleting one of its characters (for tokens long enough). */
function keysOf(token: string): string[] {
  const keys = [token];
  if (token.length < MIN_FUZZY_LENGTH) return keys;
  for (let i = 0; i < token.length; i++) {
    const key = token.slice(0, i) + token.slice(i + 1);
    if (key !== keys[keys.length - 1]) keys.push(key);
  }
  return keys;
}

/**
 * The distinct tokens of the indexed names, findable within one edit. Each token is filed under
 * itself and its one-character deletions (the symmetric-delete scheme): two tokens one substitution,
 * insertion, deletion or transposition apart always share a key, so a one-typo query token reaches
 * the listed token without comparing it with every token on the lists.
 */
export class TokenIndex {
  private readonly ids = new Map<string, number>();
  private readonly byKey = new Map<string, number[]>();
  private seen = new Int32Array(1024);
  private stamp = 0;

  get size(): number {
    return this.ids.size;
  }

  /** The token's id, filing it on first sight. */
  add(token: string): number {
    const known = this.ids.get(token);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(token, id);
    for (const key of keysOf(token)) {
      const list = this.byKey.get(key);
      if (list) list.push(id);
      else this.byKey.set(key, [id]);
    }
    return id;
  }

  /** Ids of the filed tokens within one edit of `token` (for short tokens: itself or one longer). */
  similar(token: string): number[] {
    if (this.seen.length < this.ids.size) this.seen = new Int32Array(this.ids.size * 2);
    this.stamp++;
    const found: number[] = [];
    for (const key of keysOf(token)) {
      for (const id of this.byKey.get(key) ?? []) {
        if (this.seen[id] === this.stamp) continue;
        this.seen[id] = this.stamp;
        found.push(id);
      }
    }
    return found;
  }
}
