import { randomBytes } from 'node:crypto';
import { definePlugin, definePluginRoute } from '@keybs/core/plugins';
import { z } from 'zod';
import { GateConfig } from './config.js';
import { checkGate } from './gate.js';

const GateCheckRequest = z
  .object({
    external_ref: z.string().min(1).max(128).optional(),
    verification_id: z.string().min(1).max(64).optional(),
    threshold: z.number().min(0).max(1).optional(),
    /** The caller's own reference of the order being gated (a PO or requisition number), kept in the audit log. */
    order_ref: z.string().max(128).optional(),
  })
  .strict()
  .refine((b) => (b.external_ref === undefined) !== (b.verification_id === undefined), {
    message: 'give exactly one of external_ref or verification_id',
    path: ['external_ref'],
  });

const GateCheckResponse = z.object({
  allowed: z.boolean(),
  reason: z.enum(['verified', 'no_verification', 'not_completed', 'low_confidence', 'recommendation_blocks']),
  verification_id: z.string().nullable(),
  confidence: z.number().nullable(),
  recommendation: z.string().nullable(),
  decision_id: z.string(),
});

const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** `@keybs/connector-procurement-gate`: asks whether a supplier may receive a purchase order, and logs every answer. */
export const procurementGatePlugin = definePlugin({
  name: '@keybs/connector-procurement-gate',
  version: '0.1.0',
  core: '^0.1.0',
  config: GateConfig,
  setup({ config, hub, storage, now }) {
    return {
      routes: [
        definePluginRoute({
          method: 'post',
          path: '/v1/po-gate/check',
          operationId: 'checkPoGate',
          summary: 'May this supplier receive a purchase order?',
          scope: 'verifications:read',
          body: GateCheckRequest,
          responses: [
            { status: 200, description: 'The gate decision (also in the audit log).', schema: GateCheckResponse },
          ],
          async handle({ body, livemode, requestId }) {
            const threshold = body.threshold ?? config.threshold;
            const answer = await checkGate(hub, livemode, { ...body, threshold });
            const decisionId = `gate_${randomBytes(10).toString('hex')}`;
            // Every gate decision is audited with what was asked and why it was answered so.
            await storage.put(livemode ? 'audit-live' : 'audit-test', decisionId, {
              decision_id: decisionId,
              at: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              request_id: requestId,
              query: {
                external_ref: body.external_ref ?? null,
                verification_id: body.verification_id ?? null,
                order_ref: body.order_ref ?? null,
                threshold,
              },
              ...answer,
            });
            return { status: 200, body: { ...answer, decision_id: decisionId } };
          },
        }),
        definePluginRoute({
          method: 'get',
          path: '/v1/po-gate/decisions',
          operationId: 'listPoGateDecisions',
          summary: 'The audit log of gate decisions, newest first',
          scope: 'verifications:read',
          query: AuditQuery,
          responses: [{ status: 200, description: 'Gate decisions.' }],
          async handle({ query, livemode }) {
            const records = await storage.list(livemode ? 'audit-live' : 'audit-test', { limit: query.limit });
            return { status: 200, body: { data: records.map((r) => r.value) } };
          },
        }),
      ],
    };
  },
});
