import type { DecideReviewRequest } from '@keybs/contract';
import type { AuditEntry, VerificationRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { ApiError, notFound } from './errors.js';
import { reviewReasons } from './scoring.js';
import type { Verifications } from './verifications.js';

export interface ReviewView {
  record: VerificationRecord;
  history: AuditEntry[];
  reasons: string[];
}

/**
 * The analyst review queue: verifications in `in_review`, claimed by an analyst, decided with notes. Every
 * change is audited (who, when, before, after) in the same transaction as the change.
 */
export class Reviews {
  constructor(
    private readonly store: Store,
    private readonly verifications: Verifications,
    private readonly clock: Clock,
  ) {}

  async list(
    livemode: boolean,
    state: 'open' | 'claimed' | 'all',
    limit: number,
    analyst?: string,
  ): Promise<ReviewView[]> {
    const claimed = state === 'all' ? undefined : state === 'claimed';
    return this.views(await this.store.verifications.inReview(livemode, claimed, limit, analyst));
  }

  async get(livemode: boolean, id: string): Promise<ReviewView> {
    const [view] = await this.views([await this.open(livemode, id)]);
    if (!view) throw notFound('review', id);
    return view;
  }

  async claim(livemode: boolean, id: string, analyst: string): Promise<ReviewView> {
    const v = await this.open(livemode, id);
    // An analyst claims what was assigned to them (starting the clock on it), or what no one holds.
    if (v.assignedReviewer === analyst && v.reviewClaimedAt !== null) return this.get(livemode, id);
    if (v.assignedReviewer !== null && v.assignedReviewer !== analyst) throw claimedBy(v.assignedReviewer);
    await this.change(v, analyst, 'claimed', { assignedReviewer: analyst, reviewClaimedAt: this.clock.now() });
    return this.get(livemode, id);
  }

  async release(livemode: boolean, id: string, analyst: string): Promise<ReviewView> {
    const v = await this.open(livemode, id);
    if (v.assignedReviewer !== analyst) throw claimedBy(v.assignedReviewer ?? 'no one');
    await this.change(v, analyst, 'released', { assignedReviewer: null, reviewClaimedAt: null });
    return this.get(livemode, id);
  }

  /**
   * Issues the decision as the analyst. The analyst resolves a potential sanctions match and chooses the
   * recommendation, within the hard rules: a confirmed match is always `reject`.
   */
  async decide(livemode: boolean, id: string, input: DecideReviewRequest) {
    const v = await this.open(livemode, id);
    if (v.assignedReviewer !== null && v.assignedReviewer !== input.analyst) throw claimedBy(v.assignedReviewer);
    if (!v.assessment) throw new ApiError('not_in_review', `Verification ${id} has no assessment to decide on.`);
    const sanctionsStatus = input.sanctions_status ?? v.assessment.sanctionsStatus;
    const recommendation = input.recommendation;
    const registry = v.assessment.registryStatus;
    // The hard rules of the scoring model bind analysts too (docs/scoring.md).
    const mustReject = sanctionsStatus === 'match' || registry === 'dissolved';
    if (mustReject && recommendation !== 'reject') {
      throw new ApiError(
        'validation_failed',
        'recommendation: a sanctions match or a dissolved company can only be rejected.',
        'recommendation',
      );
    }
    if (registry === 'not_found' && recommendation.startsWith('proceed')) {
      throw new ApiError(
        'validation_failed',
        'recommendation: a company the registry does not know cannot proceed.',
        'recommendation',
      );
    }
    const assessment = {
      ...(await this.verifications.withDocuments(id, v.assessment)),
      sanctionsStatus,
      recommendation,
    };
    const step = this.verifications.decisionStep(v, assessment, input.analyst);
    step.audit = [
      {
        verificationId: v.id,
        at: this.clock.now(),
        actor: input.analyst,
        action: 'decided',
        before: { recommendation: v.assessment.recommendation, sanctions_status: v.assessment.sanctionsStatus },
        after: { recommendation, sanctions_status: sanctionsStatus, notes: input.notes },
      },
    ];
    step.from = ['in_review'];
    await this.verifications.apply([step]);
    return this.verifications.get(livemode, id);
  }

  /**
   * Gives unassigned reviews, most urgent first, to the active analyst holding the fewest (console users with
   * role `analyst`). Without analysts, reviews wait in the open queue to be claimed. Returns how many.
   */
  async assignOpen(limit = 50): Promise<number> {
    let assigned = 0;
    for (const v of await this.store.verifications.unassignedReviews(limit)) {
      const analyst = await this.store.users.leastLoadedAnalyst();
      if (!analyst) break;
      try {
        await this.change(v, 'system', 'assigned', { assignedReviewer: analyst.name });
        assigned++;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error; // claimed or decided meanwhile: nothing to assign
      }
    }
    return assigned;
  }

  /** Flags reviews past their due time (once each), so they can be escalated. Returns how many. */
  async escalateOverdue(): Promise<number> {
    const overdue = await this.store.verifications.overdueReviews(this.clock.now());
    for (const v of overdue) await this.change(v, 'system', 'escalated', { reviewEscalatedAt: this.clock.now() });
    return overdue.length;
  }

  private async open(livemode: boolean, id: string): Promise<VerificationRecord> {
    const v = await this.store.verifications.get(livemode, id);
    if (!v) throw notFound('review', id);
    if (v.status !== 'in_review') throw new ApiError('not_in_review', `Verification ${id} is ${v.status}.`);
    return v;
  }

  private async change(
    v: VerificationRecord,
    actor: string,
    action: AuditEntry['action'],
    patch: Partial<Pick<VerificationRecord, 'assignedReviewer' | 'reviewClaimedAt' | 'reviewEscalatedAt'>>,
  ): Promise<void> {
    const now = this.clock.now();
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, v[k as keyof typeof patch]]));
    const applied = await this.store.verifications.transition({
      id: v.id,
      from: ['in_review'],
      ifVersion: v.version,
      patch: { ...patch, updatedAt: now },
      events: [],
      audit: [{ verificationId: v.id, at: now, actor, action, before, after: { ...patch } }],
    });
    if (applied) return;
    // Someone else changed it between our read and our write: say what it is now.
    const current = await this.store.verifications.get(v.livemode, v.id);
    if (current?.status !== 'in_review')
      throw new ApiError('not_in_review', `Verification ${v.id} is no longer in review.`);
    throw claimedBy(current.assignedReviewer ?? 'no one');
  }

  private async views(records: VerificationRecord[]): Promise<ReviewView[]> {
    const audit = await this.store.verifications.auditOf(records.map((r) => r.id));
    // Reasons count the documents uploaded while the verification waits, as the decision will.
    return Promise.all(
      records.map(async (record) => ({
        record,
        history: audit.get(record.id) ?? [],
        reasons: record.assessment
          ? reviewReasons(record.package, await this.verifications.withDocuments(record.id, record.assessment))
          : [],
      })),
    );
  }
}

function claimedBy(analyst: string): ApiError {
  return new ApiError('review_claimed_by_another', `This review is held by ${analyst}.`);
}
