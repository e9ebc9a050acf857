import { type Decision, PermanentError, type PluginContext } from '@keybs/core/plugins';
import { audit } from '../audit.js';
import { checkGate } from '../gate.js';
import { KeyedLock } from './keyed-lock.js';
import {
  type Assessment,
  approveNote,
  holdNote,
  NO_SUPPLIER_NOTE,
  orderRefusedNote,
  rejectNote,
  unverifiableNote,
} from './notes.js';
import type { ApprovalSystem, PendingApproval, SupplierRecord } from './types.js';
import { isGone } from './vendor-error.js';

export interface ApproverOptions {
  livemode: boolean;
  threshold: number;
  package: 'basic' | 'standard' | 'enhanced';
}

/** An approval parked while KeyBS verifies its suppliers (kept in the plugin's storage). */
interface HoldRecord {
  approval_id: string;
  label: string;
  suppliers: SupplierRecord[];
  /** False until the system confirmed the hold (a crash in between holds again). */
  held: boolean;
  /** Set when acting on it failed for good: the poller leaves it alone; a replayed decision tries again. */
  failed: string | null;
}

export type Outcome = 'approved' | 'rejected' | 'held' | 'waiting' | 'gone' | 'done';
type Ctx = Pick<PluginContext<unknown>, 'hub' | 'storage' | 'logger' | 'now'>;

const HOLDS_LIMIT = 10_000;

/**
 * The API approver in one procurement system: for each approval assigned to it, asks the gate about every supplier
 * of the document; approves when all are verified, rejects (with the reason and the report) when one is not, and
 * otherwise orders the missing verifications (once per supplier) and holds the approval until the decisions arrive.
 * Every step is idempotent, so the poller and decision events may both reach an approval, any number of times.
 */
export class Approver {
  private readonly lock = new KeyedLock();
  private readonly holds: string;
  private readonly orders: string;
  private readonly done: string;

  constructor(
    readonly system: ApprovalSystem,
    private readonly ctx: Ctx,
    private readonly options: ApproverOptions,
  ) {
    this.holds = `${system.name}-holds`;
    this.orders = `${system.name}-orders`;
    this.done = `${system.name}-done`;
  }

  /** The `external_ref` of a supplier's verifications: the gate and the decision events find it by this. */
  externalRef(supplierKey: string): string {
    return `${this.system.name}:supplier:${supplierKey}`;
  }

  /** One polling round: the approvals waiting for us, then the held ones (in case a decision event was missed). */
  async poll(signal: AbortSignal): Promise<void> {
    const pending = await this.system.pending(signal);
    const failures: unknown[] = [];
    const seen = new Set<string>();
    for (const approval of pending) {
      seen.add(approval.id);
      await this.settle(approval, signal).catch((e: unknown) => failures.push(e));
    }
    for (const hold of await this.heldApprovals()) {
      if (seen.has(hold.approval_id) || hold.failed !== null) continue;
      await this.settle(toApproval(hold), signal).catch((e: unknown) => failures.push(e));
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} approval(s) failed; first: ${(failures[0] as Error).message}`);
    }
  }

  /** A decision arrived: settles the approvals held for that supplier. */
  async onDecision(decision: Decision, signal: AbortSignal): Promise<void> {
    const prefix = this.externalRef('');
    if (decision.livemode !== this.options.livemode || !decision.external_ref?.startsWith(prefix)) return;
    const key = decision.external_ref.slice(prefix.length);
    const holds = (await this.heldApprovals()).filter((h) => h.suppliers.some((s) => s.key === key));
    const failures: unknown[] = [];
    for (const hold of holds) {
      await this.settle(toApproval(hold), signal).catch((e: unknown) => failures.push(e));
    }
    if (failures.length === 0) return;
    const message = failures.map((f) => (f as Error).message).join('; ');
    // Only when no retry can help does the event go to the dead letters; the others are tried again.
    if (failures.every((f) => (f as { retryable?: unknown }).retryable === false)) throw new PermanentError(message);
    throw new Error(message);
  }

  async heldApprovals(): Promise<HoldRecord[]> {
    return (await this.ctx.storage.list<HoldRecord>(this.holds, { limit: HOLDS_LIMIT })).map((r) => r.value);
  }

  /** Brings one approval as far as the gate allows now. */
  settle(approval: PendingApproval, signal: AbortSignal): Promise<Outcome> {
    return this.lock.run(approval.id, async () => {
      if (await this.ctx.storage.get(this.done, approval.id)) return 'done';
      try {
        return await this.decide(approval, signal);
      } catch (error) {
        if ((error as { retryable?: unknown }).retryable === false) await this.markFailed(approval, error as Error);
        throw error;
      }
    });
  }

  private async decide(approval: PendingApproval, signal: AbortSignal): Promise<Outcome> {
    if (approval.suppliers.length === 0) return this.finish(approval, 'reject', NO_SUPPLIER_NOTE, null, signal);
    const assessments = await Promise.all(approval.suppliers.map((s) => this.assess(s)));
    const blocking = assessments.find((a) => ['low_confidence', 'recommendation_blocks'].includes(a.answer.reason));
    if (blocking) {
      return this.finish(approval, 'reject', rejectNote(blocking, this.options.threshold), blocking, signal);
    }
    if (assessments.every((a) => a.answer.allowed)) {
      return this.finish(approval, 'approve', approveNote(assessments), assessments[0] ?? null, signal);
    }
    const waiting = assessments.filter((a) => !a.answer.allowed);
    // Recorded before anything is ordered, so a decision that arrives at once finds the approval it is for.
    const existing = await this.ctx.storage.get<HoldRecord>(this.holds, approval.id);
    if (!existing)
      await this.ctx.storage.put(this.holds, approval.id, { ...toRecord(approval), held: false, failed: null });
    if (existing?.value.held) return 'waiting';
    for (const a of waiting) {
      if (a.answer.reason !== 'no_verification') continue;
      const { supplier } = a;
      if (!supplier.country || !supplier.registrationId) {
        return this.finish(approval, 'reject', unverifiableNote(this.system.name, supplier), a, signal);
      }
      const ordered = await this.order(supplier);
      if (typeof ordered !== 'string') {
        return this.finish(approval, 'reject', orderRefusedNote(supplier, ordered.refused), a, signal);
      }
      a.answer = { ...a.answer, verification_id: ordered };
    }
    await this.system.hold(approval.id, holdNote(waiting), signal);
    const record: HoldRecord = { ...toRecord(approval), held: true, failed: null };
    await this.ctx.storage.put(this.holds, approval.id, record);
    return 'held';
  }

  private async assess(supplier: SupplierRecord): Promise<Assessment> {
    const { hub } = this.ctx;
    const { livemode, threshold } = this.options;
    const answer = await checkGate(hub, livemode, { external_ref: this.externalRef(supplier.key), threshold });
    const decided = answer.confidence !== null && answer.verification_id !== null;
    const verification = decided ? await hub.getVerification(livemode, answer.verification_id ?? '') : undefined;
    return { supplier, answer, reportUrl: verification?.decision?.report_url ?? null };
  }

  /** Orders a verification of the supplier once (remembered per supplier); a refused order says why. */
  private async order(s: SupplierRecord): Promise<string | { refused: string }> {
    const known = await this.ctx.storage.get<{ verification_id: string }>(this.orders, s.key);
    if (known) return known.value.verification_id;
    try {
      const v = await this.ctx.hub.orderVerification(this.options.livemode, {
        supplier: s.name,
        country_code: s.country ?? '',
        registration_id: s.registrationId ?? '',
        package: this.options.package,
        external_ref: this.externalRef(s.key),
        metadata: { source: this.system.name, [`${this.system.name}_supplier_id`]: s.key },
      });
      await this.ctx.storage.put(this.orders, s.key, {
        verification_id: v.verification_id,
        ordered_by: this.system.name,
      });
      this.ctx.logger.info({ supplier: s.key, verification_id: v.verification_id }, 'verification ordered');
      return v.verification_id;
    } catch (error) {
      // The hub's own validation (an unknown country, a malformed registration id) will not change on a retry.
      if ((error as { retryable?: unknown }).retryable === false) return { refused: (error as Error).message };
      throw error;
    }
  }

  private async finish(
    approval: PendingApproval,
    action: 'approve' | 'reject',
    note: string,
    deciding: Assessment | null,
    signal: AbortSignal,
  ): Promise<Outcome> {
    let outcome: Outcome = action === 'approve' ? 'approved' : 'rejected';
    try {
      await (action === 'approve' ? this.system.approve : this.system.reject).call(
        this.system,
        approval.id,
        note,
        signal,
      );
    } catch (error) {
      if (!isGone(error)) throw error;
      outcome = 'gone'; // decided or withdrawn in the system meanwhile
    }
    const at = this.ctx.now();
    await this.ctx.storage.put(this.done, approval.id, { outcome, note, label: approval.label });
    await this.ctx.storage.delete(this.holds, approval.id);
    if (deciding) {
      await audit(this.ctx.storage, at, {
        livemode: this.options.livemode,
        source: this.system.name,
        request_id: null,
        query: {
          external_ref: this.externalRef(deciding.supplier.key),
          verification_id: null,
          order_ref: `${this.system.name} ${approval.label}`,
          threshold: this.options.threshold,
        },
        answer: deciding.answer,
      });
    }
    this.ctx.logger.info({ approval: approval.id, outcome }, `${this.system.name} approval settled`);
    return outcome;
  }

  private async markFailed(approval: PendingApproval, error: Error): Promise<void> {
    const existing = await this.ctx.storage.get<HoldRecord>(this.holds, approval.id);
    const base: HoldRecord = existing?.value ?? { ...toRecord(approval), held: false, failed: null };
    await this.ctx.storage.put(this.holds, approval.id, { ...base, failed: error.message });
  }
}

const toRecord = (a: PendingApproval): Omit<HoldRecord, 'held' | 'failed'> => ({
  approval_id: a.id,
  label: a.label,
  suppliers: a.suppliers,
});
const toApproval = (h: HoldRecord): PendingApproval => ({ id: h.approval_id, label: h.label, suppliers: h.suppliers });
