import { randomBytes } from 'node:crypto';
import type { PluginStorage } from '@keybs/core/plugins';
import type { GateAnswer } from './gate.js';

export interface AuditQuery {
  external_ref: string | null;
  verification_id: string | null;
  order_ref: string | null;
  threshold: number;
}

/** Who asked: the API (`POST /v1/po-gate/check`) or an approval adapter acting in Coupa or Ariba. */
export type AuditSource = 'api' | 'coupa' | 'ariba';

export const auditCollection = (livemode: boolean) => (livemode ? 'audit-live' : 'audit-test');

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes one gate decision to the audit log (per environment) and returns its `gate_…` id. */
export async function audit(
  storage: PluginStorage,
  at: number,
  entry: { livemode: boolean; source: AuditSource; request_id: string | null; query: AuditQuery; answer: GateAnswer },
): Promise<string> {
  const decisionId = `gate_${randomBytes(10).toString('hex')}`;
  await storage.put(auditCollection(entry.livemode), decisionId, {
    decision_id: decisionId,
    at: rfc3339(at),
    source: entry.source,
    request_id: entry.request_id,
    query: entry.query,
    ...entry.answer,
  });
  return decisionId;
}
