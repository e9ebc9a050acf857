import type { ScreeningConfig } from './config.js';
import { type ScreeningHit, ScreeningIndex, type ScreenOptions } from './screen.js';
import type { SanctionsEdition, SanctionsStore } from './store.js';

/**
 * The hub's screening service: an index over the current editions in the store, rebuilt when another
 * process (`keybs sanctions import`) changes them. Screening itself never waits on the store.
 */
export class SanctionsScreener {
  private index: ScreeningIndex;
  private loadedVersion: string | null = null;
  private loadedEditions: SanctionsEdition[] = [];
  private reloading: Promise<boolean> | null = null;

  constructor(
    private readonly store: SanctionsStore,
    private readonly config: Partial<ScreeningConfig> = {},
  ) {
    this.index = new ScreeningIndex([], config);
  }

  /** The editions the index holds (empty until loaded). */
  get editions(): readonly SanctionsEdition[] {
    return this.loadedEditions;
  }

  get size(): ScreeningIndex['size'] {
    return this.index.size;
  }

  get thresholds(): ScreeningConfig {
    return this.index.config;
  }

  /** Builds the index from the current editions. */
  async load(): Promise<void> {
    // The version is read first: an import that lands during the load shows as a change next time.
    const version = await this.store.version();
    const editions = await this.store.currentEditions();
    const entries = await this.store.entriesOf(editions.map((e) => e.id));
    this.index = new ScreeningIndex(entries, this.config);
    this.loadedEditions = editions;
    this.loadedVersion = version;
  }

  /** Rebuilds the index if the current editions changed since the last load. Returns whether it did. */
  reloadIfChanged(): Promise<boolean> {
    this.reloading ??= (async () => {
      try {
        if ((await this.store.version()) === this.loadedVersion) return false;
        await this.load();
        return true;
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  /** Checks for new editions every `intervalMs` (the contract allows 10 s) until the returned stop is called. */
  watch(intervalMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      this.reloadIfChanged().catch(onError);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  screenName(name: string, options?: ScreenOptions): ScreeningHit[] {
    return this.index.screenName(name, options);
  }
}
