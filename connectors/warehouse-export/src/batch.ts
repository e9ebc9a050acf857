import type { DecidedVerification, PluginHub } from '@keybs/core/plugins';
import type { Mode, Watermark } from './columns.js';
import { decisionRow, isAfter, watermarkOf } from './row.js';
import type { Sink } from './sink.js';

/** One mode's share of a run. */
export interface Plan {
  mode: Mode;
  /** The sink's watermark when the run started. */
  watermark: Watermark | null;
  /** Where reading starts (null: from the first decision). */
  from: ReturnType<typeof cursorOf>;
  /** Whether batches move the watermark (not in a backfill). */
  advance: boolean;
  /** Decisions decided after this time (ms) wait for the next run. */
  until: number;
}

/** The first page of the next batch, read while the sink commits the batch before it. */
export interface ReadAhead {
  after: Watermark;
  page: Promise<DecidedVerification[]>;
}

/** What one committed batch did. */
export interface Batch {
  rows: number;
  /** The keyset position of the batch's last row. */
  last: Watermark | null;
  /** Where the batch moved the watermark (null: it did not). */
  to: Watermark | null;
  done: boolean;
  ahead: ReadAhead | null;
}

export interface BatchStep {
  /** Read after this position (null: from the plan's start). */
  after: Watermark | null;
  /** The watermark as the sink has it now. */
  watermark: Watermark | null;
  limit: number;
  exportedAt: number;
  ahead: ReadAhead | null;
  signal?: AbortSignal | undefined;
}

/** Rows per read: small enough that a page is gone before V8's next young-generation collection. */
const READ_PAGE = 500;

export const cursorOf = (w: Watermark | null) =>
  w === null ? null : { decided_at: new Date(w.decidedAtMs).toISOString(), verification_id: w.verificationId };

const samePosition = (a: Watermark | null, b: Watermark | null) =>
  a !== null && b !== null && a.decidedAtMs === b.decidedAtMs && a.verificationId === b.verificationId;

function read(hub: PluginHub, plan: Plan, after: Watermark | null, limit: number) {
  return hub.decisions({ livemode: plan.mode === 'live', after: after === null ? plan.from : cursorOf(after), limit });
}

/**
 * Reads one batch page by page into the sink and commits it. Pages are small and go on at once, so the reader's
 * garbage dies young and the sink holds what it must (DuckDB: nothing). While the sink commits, the next batch's
 * first page is read: the two run side by side (DuckDB commits on a thread of its own). A retry reads the batch
 * again.
 */
export async function exportBatch(hub: PluginHub, sink: Sink, plan: Plan, step: BatchStep): Promise<Batch> {
  const first = Math.min(READ_PAGE, step.limit);
  const batch = await sink.begin(plan.mode);
  try {
    let rows = 0;
    let last = step.after;
    let done = false;
    while (rows < step.limit) {
      step.signal?.throwIfAborted();
      const wanted = Math.min(READ_PAGE, step.limit - rows);
      const ahead = rows === 0 && step.ahead && samePosition(step.ahead.after, last) ? step.ahead.page : undefined;
      // A read ahead that failed is read again here.
      const page = await (ahead?.catch(() => read(hub, plan, last, wanted)) ?? read(hub, plan, last, wanted));
      const ready = page.filter((v) => Date.parse(v.decided_at) <= plan.until);
      const tail = ready[ready.length - 1];
      if (tail) {
        await batch.add(ready.map((v) => decisionRow(v, step.exportedAt)));
        last = watermarkOf(tail);
        rows += ready.length;
      }
      if (ready.length < wanted) {
        done = true;
        break;
      }
    }
    if (rows === 0 || last === null) {
      await batch.abort();
      return { rows: 0, last, to: null, done: true, ahead: null };
    }
    const to = plan.advance && isAfter(last, step.watermark) ? last : null;
    let ahead: ReadAhead | null = null;
    if (!done) {
      ahead = { after: last, page: read(hub, plan, last, first) };
      ahead.page.catch(() => undefined); // handled where it is used
    }
    await batch.commit(to);
    return { rows, last, to, done, ahead };
  } catch (error) {
    await batch.abort().catch(() => undefined);
    throw error;
  }
}
