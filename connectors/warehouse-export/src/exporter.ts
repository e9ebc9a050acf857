import { hostname } from 'node:os';
import type { PluginHub, PluginLogger, PluginStorage } from '@keybs/core/plugins';
import { withRetry } from './backoff.js';
import { type BatchStep, cursorOf, exportBatch, type Plan } from './batch.js';
import type { Watermark } from './columns.js';
import type { SinkName, WarehouseExportConfig } from './config.js';
import type { Sink } from './sink.js';

export interface RunOptions {
  /** Export decisions decided at or after this time (ms), whatever the watermark says. */
  since?: number;
  /** Another configured sink than the default. */
  sink?: SinkName;
  signal?: AbortSignal;
  /** Rows written so far and rows this run set out to write. */
  onProgress?: (written: number, total: number) => void;
  /** Why this run started (for logs): `schedule`, `catch-up`, `cli`. */
  trigger?: string;
}

/** The outcome of a run, kept in the plugin's storage for `health()` and the CLI. */
export interface RunRecord {
  trigger: string;
  sink: string;
  startedAt: number;
  finishedAt: number;
  rows: number;
  error: string | null;
}

/** Another run holds the lease (in this process or another on the same data dir). */
export class ExportBusyError extends Error {
  override name = 'ExportBusyError';
  readonly retryable = false;
}

const LEASE_MS = 10 * 60_000;
const COLLECTION = 'runs';

interface Lease {
  /** `host:pid:random` of the process running the export. */
  owner: string;
  until: number;
}

/**
 * Whether a lease's owner was a process of this host that is gone (a run killed or crashed): its lease is not
 * waited out. Another host's process is taken at its word until the lease runs out.
 */
export function deadOnThisHost(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface ExporterDeps {
  hub: PluginHub;
  config: WarehouseExportConfig;
  storage: PluginStorage;
  logger: PluginLogger;
  now: () => number;
  createSink: (name: SinkName) => Promise<Sink>;
}

/**
 * Exports decisions in keyset order (decided_at, verification_id) from the sink's own watermark, one batch at a
 * time: each batch is upserted and the watermark moved with it, so a failed or interrupted run resumes where
 * the last committed batch ended and a batch sent twice is absorbed by the upsert.
 */
export class Exporter {
  private current: Promise<RunRecord> | undefined;
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  /** Rows written by runs of this process (for metrics). */
  rowsWritten = 0;
  running = false;

  constructor(private readonly deps: ExporterDeps) {}

  /** Starts a run, or refuses when one is in progress (here or, through the lease, in another process). */
  run(options: RunOptions = {}): Promise<RunRecord> {
    if (this.current) return Promise.reject(new ExportBusyError('an export run is already in progress'));
    this.current = this.leased(options).finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** Waits for the run in progress, if any. */
  async settled(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  async lastRun(): Promise<RunRecord | undefined> {
    return (await this.deps.storage.get<RunRecord>(COLLECTION, 'last'))?.value;
  }

  async lastSuccess(): Promise<RunRecord | undefined> {
    return (await this.deps.storage.get<RunRecord>(COLLECTION, 'last-success'))?.value;
  }

  private async leased(options: RunOptions): Promise<RunRecord> {
    const { storage, now } = this.deps;
    const held = (await storage.get<Lease>(COLLECTION, 'lease'))?.value;
    if (held && held.owner !== this.owner && held.until > now() && !deadOnThisHost(held.owner))
      throw new ExportBusyError(`an export run is already in progress (${held.owner})`);
    await this.renewLease();
    this.running = true;
    const startedAt = now();
    const sinkName = options.sink ?? this.deps.config.sink;
    const record: RunRecord = {
      trigger: options.trigger ?? 'manual',
      sink: sinkName,
      startedAt,
      finishedAt: startedAt,
      rows: 0,
      error: null,
    };
    try {
      record.rows = await this.export(sinkName, options, (rows) => {
        record.rows = rows;
      });
      return record;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.running = false;
      record.finishedAt = now();
      await storage.put(COLLECTION, 'last', record);
      if (record.error === null) await storage.put(COLLECTION, 'last-success', record);
      await storage.delete(COLLECTION, 'lease');
      const level = record.error === null ? 'info' : 'error';
      this.deps.logger[level](record, record.error === null ? 'warehouse export done' : 'warehouse export failed');
    }
  }

  private renewLease(): Promise<void> {
    return this.deps.storage.put(COLLECTION, 'lease', { owner: this.owner, until: this.deps.now() + LEASE_MS });
  }

  private async export(sinkName: SinkName, options: RunOptions, onRows: (rows: number) => void): Promise<number> {
    const { config, logger } = this.deps;
    const retry = (what: string) => ({
      ...(options.signal && { signal: options.signal }),
      onRetry: (error: unknown, attempt: number) =>
        logger.warn({ err: error, attempt, sink: sinkName }, `warehouse export: ${what} failed, retrying`),
    });
    const sink = await this.deps.createSink(sinkName);
    let written = 0;
    try {
      await withRetry(config.retry, () => sink.open(), retry('opening the sink'));
      // Decisions decided up to this time are exported; younger ones wait for the next run.
      const until = this.deps.now() - config.settleSeconds * 1000;
      const plans: Plan[] = [];
      for (const mode of config.modes) {
        const watermark = await withRetry(config.retry, () => sink.watermark(mode), retry('reading the watermark'));
        plans.push({ mode, watermark, until, ...this.startOf(watermark, options.since) });
      }
      // Counted only for a progress bar: it reads every decision's index entry once more.
      let total = 0;
      if (options.onProgress)
        for (const p of plans)
          total += await this.deps.hub.countDecisions({ livemode: p.mode === 'live', after: p.from });
      options.onProgress?.(0, total);
      for (const p of plans) {
        written = await this.exportMode(sink, p, written, total, options, retry('writing a batch'));
        onRows(written);
      }
      return written;
    } finally {
      await sink.close().catch((error) => logger.warn({ err: error }, 'warehouse export: closing the sink failed'));
    }
  }

  /**
   * Where a mode's run starts. The watermark moves only when the run covers everything after it: a `--since`
   * later than the watermark is a backfill that leaves the watermark alone.
   */
  private startOf(watermark: Watermark | null, since: number | undefined) {
    if (since === undefined) return { from: cursorOf(watermark), advance: true };
    const advance = watermark !== null && since <= watermark.decidedAtMs;
    return { from: cursorOf({ decidedAtMs: since - 1, verificationId: '\uffff' }), advance };
  }

  private async exportMode(
    sink: Sink,
    plan: Plan,
    writtenBefore: number,
    total: number,
    options: RunOptions,
    retry: { signal?: AbortSignal; onRetry: (error: unknown, attempt: number) => void },
  ): Promise<number> {
    const { hub, config, now } = this.deps;
    const limit = config.batchSize ?? sink.defaultBatchSize;
    // Where the next batch starts: moved by each batch once committed, so a retry starts where its batch did.
    let at: Pick<BatchStep, 'after' | 'watermark' | 'ahead'> = { after: null, watermark: plan.watermark, ahead: null };
    let written = writtenBefore;
    for (;;) {
      options.signal?.throwIfAborted();
      const batch = await withRetry(
        config.retry,
        () => exportBatch(hub, sink, plan, { ...at, limit, signal: options.signal, exportedAt: now() }),
        retry,
      );
      if (batch.rows === 0) return written;
      written += batch.rows;
      this.rowsWritten += batch.rows;
      options.onProgress?.(written, total);
      await this.renewLease();
      if (batch.done) return written;
      at = { after: batch.last, watermark: batch.to ?? at.watermark, ahead: batch.ahead };
    }
  }
}
