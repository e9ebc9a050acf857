import type { Decision, OrderVerification, VerificationStatus } from '@keybs/contract';
import { SIMULATED_NOT_FOUND_ID } from '../checks/registry/simulated.js';
import { validateRegistrationId } from '../jurisdictions/identifiers.js';
import { findJurisdiction } from '../jurisdictions/jurisdictions.js';
import type {
  CheckRecord,
  IdempotencyClaim,
  IdempotencyRequest,
  StoredResponse,
  VerificationRecord,
} from '../store/records.js';
import type { DecidedCursor, Store, Transition } from '../store/store.js';
import { type Clock, rfc3339 } from './clock.js';
import { ApiError, notFound } from './errors.js';
import { decisionIssuedEvent, statusChangedEvent } from './events.js';
import { verificationId } from './ids.js';
import type { CheckPipeline } from './pipeline.js';
import { type Assessment, assess, documentScore, needsReview, reviewReasons } from './scoring.js';
import { slaFor } from './tiers.js';

export interface VerificationView {
  record: VerificationRecord;
  checks: CheckRecord[];
}

export interface OrderContext {
  livemode: boolean;
  /**
   * The order's Idempotency-Key: claimed, and completed with the response `respond` builds, in the order's own
   * transaction, so a crash can neither lose the key's response nor order twice.
   */
  idempotency?: { request: IdempotencyRequest; respond: (view: VerificationView) => StoredResponse };
}

export type OrderOutcome = { kind: 'created'; view: VerificationView } | { kind: 'replay'; response: StoredResponse };

export const TEST_ANALYST = 'Test Analyst';
const OPEN: VerificationStatus[] = ['in_progress', 'in_review'];

/** Ordering, reading, cancelling and deciding verifications. All state changes emit their events. */
export class Verifications {
  constructor(
    private readonly store: Store,
    private readonly pipeline: CheckPipeline,
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
    /** Called after every committed change, so the worker and the webhook dispatcher look at once. */
    private readonly changed: () => void = () => {},
  ) {}

  async order(input: OrderVerification, ctx: OrderContext): Promise<OrderOutcome> {
    // A retry replays the first answer even if what it was checked against has changed since.
    if (ctx.idempotency) {
      const early = await this.store.idempotency.peek(ctx.idempotency.request);
      if (early.kind !== 'acquired') return this.refused(early);
    }
    const jurisdiction = findJurisdiction(input.country_code);
    if (!jurisdiction) throw new ApiError('country_not_covered', undefined, 'country_code');
    const id = validateRegistrationId(input.country_code, input.registration_id);
    const magic = !ctx.livemode && input.registration_id === SIMULATED_NOT_FOUND_ID;
    if (id.status === 'invalid' && !magic) {
      throw new ApiError(
        'invalid_registration_id',
        `registration_id '${input.registration_id}' is not a valid ${id.format}: ${id.reason}`,
        'registration_id',
      );
    }
    const endpoint =
      input.webhook_url === undefined
        ? undefined
        : await this.store.webhooks.findEnabledByUrl(ctx.livemode, input.webhook_url);
    if (input.webhook_url !== undefined && !endpoint) {
      throw new ApiError('webhook_url_not_registered', undefined, 'webhook_url');
    }
    const now = this.clock.now();
    const sla = slaFor(jurisdiction.tier, input.package);
    let checks: CheckRecord[] = [];
    const created = await this.store.verifications.create(
      (sequence) => {
        const record: VerificationRecord = {
          id: verificationId(new Date(now).getUTCFullYear(), sequence),
          livemode: ctx.livemode,
          status: 'in_progress',
          supplier: input.supplier,
          countryCode: input.country_code,
          registrationId: input.registration_id,
          package: input.package,
          externalRef: input.external_ref ?? null,
          metadata: input.metadata ?? {},
          beneficiaries: input.beneficiaries ?? [],
          webhookUrl: endpoint?.url ?? null,
          webhookEndpointId: endpoint?.id ?? null,
          countryTier: jurisdiction.tier,
          estimatedSla: sla.iso,
          dueAt: now + sla.ms,
          confidence: null,
          assignedReviewer: null,
          decision: null,
          assessment: null,
          createdAt: now,
          updatedAt: now,
          decidedAt: null,
          workAfter: now,
          reviewClaimedAt: null,
          reviewEscalatedAt: null,
          version: 0,
        };
        checks = this.pipeline.plan(record);
        const idem = ctx.idempotency;
        return {
          verification: record,
          checks,
          events: [statusChangedEvent(record, null, now)],
          ...(idem && {
            idempotency: { env: idem.request.env, key: idem.request.key, response: idem.respond({ record, checks }) },
          }),
        };
      },
      new Date(now).getUTCFullYear(),
      ctx.idempotency?.request,
    );
    if (created.kind !== 'created') return this.refused(created);
    this.changed();
    return { kind: 'created', view: { record: created.record, checks } };
  }

  private refused(claim: Exclude<IdempotencyClaim, { kind: 'acquired' }>): OrderOutcome {
    if (claim.kind === 'in_progress') throw new ApiError('idempotency_key_in_use');
    if (claim.kind === 'mismatch') throw new ApiError('idempotency_key_reused', undefined, 'Idempotency-Key');
    return claim;
  }

  async get(livemode: boolean, id: string): Promise<VerificationView> {
    const record = await this.store.verifications.get(livemode, id);
    if (!record) throw notFound('verification', id);
    return { record, checks: await this.store.verifications.checks(id) };
  }

  /** Completed verifications in decided order, for bulk readers (the plugin hub's `decisions`). */
  decided(livemode: boolean, after: DecidedCursor | null, limit: number) {
    return this.store.verifications.decided(livemode, after, limit);
  }

  countDecided(livemode: boolean, after: DecidedCursor | null) {
    return this.store.verifications.countDecided(livemode, after);
  }

  async list(filter: Parameters<Store['verifications']['list']>[0]) {
    const page = await this.store.verifications.list(filter);
    if (!page) throw notFound('verification', filter.startingAfter ?? '', 'starting_after');
    const checks = await this.store.verifications.checksFor(page.data.map((v) => v.id));
    return {
      data: page.data.map((record) => ({ record, checks: checks.get(record.id) ?? [] })),
      hasMore: page.hasMore,
    };
  }

  async cancel(livemode: boolean, id: string): Promise<VerificationView> {
    const current = await this.get(livemode, id);
    const now = this.clock.now();
    const after = await this.store.verifications.transition({
      id,
      from: OPEN,
      patch: { status: 'cancelled', updatedAt: now, workAfter: null },
      events: [statusChangedEvent({ ...current.record, status: 'cancelled' }, current.record.status, now)],
    });
    this.changed();
    if (!after) {
      throw new ApiError(
        'verification_not_cancellable',
        `Verification ${id} is ${current.record.status}; only open verifications can be cancelled.`,
      );
    }
    return { record: after, checks: current.checks };
  }

  /**
   * Runs pending checks and works out the verification's next step, without writing it: waiting for a
   * retry, handed to an analyst, or decided. The worker applies a batch of steps in one transaction.
   */
  async nextStep(v: VerificationRecord, force = false): Promise<Transition> {
    const outcome = await this.pipeline.run(v, force);
    const now = this.clock.now();
    if (outcome.kind === 'waiting') {
      return {
        id: v.id,
        from: ['in_progress'],
        patch: { workAfter: outcome.until },
        events: [],
        checks: outcome.updates,
      };
    }
    const assessment = await this.withDocuments(v.id, assess(outcome.results));
    if (!needsReview(v.package, assessment)) return this.decisionStep(v, assessment, null, outcome.updates);
    const patch = {
      status: 'in_review' as const,
      confidence: assessment.confidence,
      assessment,
      updatedAt: now,
      workAfter: null,
    };
    return {
      id: v.id,
      from: ['in_progress'],
      patch,
      events: [statusChangedEvent({ ...v, ...patch }, v.status, now)],
      checks: outcome.updates,
      audit: [
        {
          verificationId: v.id,
          at: now,
          actor: 'system',
          action: 'queued',
          before: null,
          after: { reasons: reviewReasons(v.package, assessment) },
        },
      ],
    };
  }

  /** Writes steps in one transaction; each applies only if its verification is still in the expected state. */
  async apply(steps: Transition[]): Promise<void> {
    if (steps.length === 0) return;
    await this.store.verifications.transitionAll(steps);
    if (steps.some((t) => t.events.length > 0)) this.changed();
  }

  /** Test helper: finishes checks and any pending review at once, as analyst `Test Analyst`. */
  async advance(livemode: boolean, id: string): Promise<VerificationView> {
    if (livemode) throw new ApiError('route_not_found', 'Test helpers exist only for test-mode keys.');
    let { record } = await this.get(false, id);
    if (record.status === 'in_progress') {
      await this.apply([await this.nextStep(record, true)]);
      ({ record } = await this.get(false, id));
    }
    if (record.status === 'in_review' && record.assessment) {
      const assessment = await this.withDocuments(id, record.assessment);
      await this.apply([this.decisionStep(record, assessment, TEST_ANALYST)]);
    }
    return this.get(false, id);
  }

  /** The assessment with `document_score` from the documents uploaded so far (docs/scoring.md). */
  async withDocuments(id: string, a: Assessment): Promise<Assessment> {
    return { ...a, documentScore: documentScore(await this.store.documents.scoresOf(id)) };
  }

  /** The step that issues the decision: the decision object, its events, and the check rows of this pass. */
  decisionStep(v: VerificationRecord, a: Assessment, analyst: string | null, checks: CheckRecord[] = []): Transition {
    const now = this.clock.now();
    const decision: Decision = {
      verification_id: v.id,
      status: 'completed',
      trust_score: a.trustScore,
      risk_band: a.riskBand,
      confidence: a.confidence,
      country_tier: v.countryTier,
      registry_status: a.registryStatus,
      sanctions_status: a.sanctionsStatus,
      document_score: a.documentScore,
      beneficiary: a.beneficiary,
      analyst,
      recommendation: a.recommendation,
      signed_at: rfc3339(now),
      report_url: `${this.publicUrl()}/profile/${v.id}`,
      supplier: v.supplier,
      country_code: v.countryCode,
      registration_id: v.registrationId,
      external_ref: v.externalRef,
      livemode: v.livemode,
    };
    const patch = {
      status: 'completed' as const,
      confidence: a.confidence,
      assessment: a,
      decision,
      assignedReviewer: analyst ?? v.assignedReviewer,
      updatedAt: now,
      decidedAt: now,
      workAfter: null,
    };
    return {
      id: v.id,
      from: OPEN,
      patch,
      events: [statusChangedEvent({ ...v, ...patch }, v.status, now), decisionIssuedEvent(decision, now)],
      checks,
    };
  }
}
