/**
 * Serialised answers of `GET /v1/verifications/:id`, each with the version of the verification it shows.
 * A poll reads only the verification's version (one indexed column) and, while it is unchanged, answers
 * with the JSON already made instead of reading the row and its checks and building the object again.
 * Every change bumps the version in the same transaction, so an answer is never stale, whichever process
 * made the change. Bounded: the oldest entry goes first.
 */
export class ViewCache {
  private readonly entries = new Map<string, { version: number; json: string }>();

  constructor(private readonly capacity = 5_000) {}

  get(livemode: boolean, id: string, version: number): string | undefined {
    const hit = this.entries.get(key(livemode, id));
    return hit?.version === version ? hit.json : undefined;
  }

  set(livemode: boolean, id: string, version: number, json: string): void {
    const k = key(livemode, id);
    this.entries.delete(k);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(k, { version, json });
  }
}

const key = (livemode: boolean, id: string) => `${livemode ? 'live' : 'test'}:${id}`;
