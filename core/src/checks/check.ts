import type { CheckType } from '@keybs/contract';
import type { VerificationRecord } from '../store/records.js';

/** What a check concluded and the evidence for it; stored as the check's own result. */
export interface CheckResult {
  outcome: string;
  summary: string;
  findings: Record<string, unknown>;
}

export interface CheckInput {
  verification: VerificationRecord;
  /** Results of the checks that ran before this one, by type. */
  earlier: ReadonlyMap<CheckType, CheckResult>;
}

/** One step of the verification pipeline. */
export interface VerificationCheck {
  readonly type: CheckType;
  appliesTo(verification: VerificationRecord): boolean;
  /** Throws `RetryableCheckError` when trying again later may succeed (a provider timed out). */
  run(input: CheckInput): Promise<CheckResult>;
  /** The honest result once the retries are exhausted (e.g. registry `unavailable`). */
  giveUp(error: unknown, input: CheckInput): CheckResult;
}

export class RetryableCheckError extends Error {
  override name = 'RetryableCheckError';
}
