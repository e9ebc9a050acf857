/**
 * The serialised answers of final verifications (completed or cancelled). A final verification never changes
 * again, so its JSON can be kept and served without reading the database; a bounded map that forgets the
 * oldest entry first keeps memory in check.
 */
export class FinalViewCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 5_000) {}

  get(livemode: boolean, id: string): string | undefined {
    return this.entries.get(key(livemode, id));
  }

  set(livemode: boolean, id: string, json: string): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key(livemode, id), json);
  }
}

const key = (livemode: boolean, id: string) => `${livemode ? 'live' : 'test'}:${id}`;
