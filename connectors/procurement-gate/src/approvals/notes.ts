import type { GateAnswer } from '../gate.js';
import type { SupplierRecord } from './types.js';

/** A supplier with the gate's answer for it and, once decided, the link to its report. */
export interface Assessment {
  supplier: SupplierRecord;
  answer: GateAnswer;
  reportUrl: string | null;
}

const pct = (n: number | null) => (n === null ? 'n/a' : n.toFixed(2));
const report = (a: Assessment) => (a.reportUrl ? ` Report: ${a.reportUrl}` : '');

// The notes a buyer reads in Coupa or Ariba: what KeyBS found, and where the report is.

export function approveNote(assessments: Assessment[]): string {
  const lines = assessments.map(
    (a) =>
      `${a.supplier.name} verified by KeyBS (${a.answer.recommendation}, confidence ${pct(a.answer.confidence)}).${report(a)}`,
  );
  return `Approved by KeyBS. ${lines.join(' ')}`;
}

export function rejectNote(a: Assessment, threshold: number): string {
  const why =
    a.answer.reason === 'low_confidence'
      ? `its verification confidence ${pct(a.answer.confidence)} is below the required ${pct(threshold)}`
      : `KeyBS recommends ${a.answer.recommendation} (confidence ${pct(a.answer.confidence)})`;
  return `Rejected by KeyBS: supplier ${a.supplier.name} did not pass verification: ${why}.${report(a)}`;
}

export function unverifiableNote(system: string, s: SupplierRecord): string {
  const missing = [s.country ? null : 'country', s.registrationId ? null : 'tax or registration id'].filter(Boolean);
  return `Rejected by KeyBS: supplier ${s.name} cannot be verified: its ${system} record has no ${missing.join(' and ')}.`;
}

export function orderRefusedNote(s: SupplierRecord, reason: string): string {
  return `Rejected by KeyBS: supplier ${s.name} cannot be verified: ${reason}`;
}

export const NO_SUPPLIER_NOTE = 'Rejected by KeyBS: the requisition names no supplier to verify.';

export function holdNote(waiting: Assessment[]): string {
  const names = waiting.map(
    (a) => `${a.supplier.name}${a.answer.verification_id ? ` (${a.answer.verification_id})` : ''}`,
  );
  return `On hold by KeyBS: verifying ${names.join(', ')}. Approved or rejected as soon as the decision arrives.`;
}
