import type { CheckType } from '@keybs/contract';
import type { CheckInput, CheckResult, VerificationCheck } from '../checks/check.js';
import type { Logger } from '../observability/logger.js';
import type { CheckRecord, VerificationRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

export interface PipelineOptions {
  /** Attempts per check before its `giveUp` result stands. */
  maxAttempts: number;
  /** Delay before attempt n+1 (the last value repeats). */
  retryDelaysMs: readonly number[];
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = { maxAttempts: 3, retryDelaysMs: [2_000, 10_000] };

/**
 * What a run found. `updates` are the check rows it changed; the caller writes them in one transaction with
 * the verification's own change, so one pass costs one commit.
 */
export type PipelineOutcome =
  | { kind: 'done'; results: Map<CheckType, CheckResult>; updates: CheckRecord[] }
  | { kind: 'waiting'; until: number; updates: CheckRecord[] };

/** Runs a verification's pending checks in order, storing each result as it lands. */
export class CheckPipeline {
  constructor(
    private readonly store: Store,
    private readonly checks: readonly VerificationCheck[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
  ) {}

  /** The check rows a new verification starts with. */
  plan(v: VerificationRecord): CheckRecord[] {
    return this.checks
      .filter((c) => c.appliesTo(v))
      .map((c, position) => ({
        verificationId: v.id,
        type: c.type,
        position,
        status: 'pending',
        outcome: null,
        summary: null,
        findings: null,
        attempts: 0,
        nextAttemptAt: null,
        completedAt: null,
      }));
  }

  /**
   * Runs what is pending. A check that fails is retried later (`waiting`) until its attempts run out;
   * with `force`, a failing check gives up at once so the verification can move on (test helpers).
   */
  async run(v: VerificationRecord, force = false): Promise<PipelineOutcome> {
    const rows = await this.store.verifications.checks(v.id);
    const results = new Map<CheckType, CheckResult>();
    const updates: CheckRecord[] = [];
    for (const row of rows) {
      if (row.status !== 'pending') {
        results.set(row.type, { outcome: row.outcome ?? '', summary: row.summary ?? '', findings: row.findings ?? {} });
        continue;
      }
      const check = this.checks.find((c) => c.type === row.type);
      if (!check) throw new Error(`no check module for type '${row.type}'`);
      const now = this.clock.now();
      if (!force && row.nextAttemptAt !== null && row.nextAttemptAt > now) {
        return { kind: 'waiting', until: row.nextAttemptAt, updates };
      }
      const input: CheckInput = { verification: v, earlier: results };
      const attempts = row.attempts + 1;
      try {
        const result = await check.run(input);
        updates.push(this.settled(row, 'completed', result, attempts));
        results.set(row.type, result);
      } catch (error) {
        this.logger.warn({ verification_id: v.id, check: row.type, attempts, err: String(error) }, 'check failed');
        if (!force && attempts < this.options.maxAttempts) {
          const delays = this.options.retryDelaysMs;
          const until = now + (delays[Math.min(attempts - 1, delays.length - 1)] ?? 0);
          updates.push({ ...row, attempts, nextAttemptAt: until });
          return { kind: 'waiting', until, updates };
        }
        const result = check.giveUp(error, input);
        updates.push(this.settled(row, 'failed', result, attempts));
        results.set(row.type, result);
      }
    }
    return { kind: 'done', results, updates };
  }

  private settled(row: CheckRecord, status: CheckRecord['status'], r: CheckResult, attempts: number): CheckRecord {
    return {
      ...row,
      status,
      outcome: r.outcome,
      summary: r.summary,
      findings: r.findings,
      attempts,
      nextAttemptAt: null,
      completedAt: this.clock.now(),
    };
  }
}
