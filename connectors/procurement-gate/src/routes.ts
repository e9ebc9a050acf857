import { definePluginRoute, type PluginContext, type PluginRoute } from '@keybs/core/plugins';
import { z } from 'zod';
import { audit, auditCollection } from './audit.js';
import type { GateConfig } from './config.js';
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

/** `POST /v1/po-gate/check` and its audit log `GET /v1/po-gate/decisions`. */
export function gateRoutes({ config, hub, storage, now }: PluginContext<GateConfig>): PluginRoute[] {
  return [
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
        // Every gate decision is audited with what was asked and why it was answered so.
        const decisionId = await audit(storage, now(), {
          livemode,
          source: 'api',
          request_id: requestId,
          query: {
            external_ref: body.external_ref ?? null,
            verification_id: body.verification_id ?? null,
            order_ref: body.order_ref ?? null,
            threshold,
          },
          answer,
        });
        return { status: 200, body: { ...answer, decision_id: decisionId } };
      },
    }),
    definePluginRoute({
      method: 'get',
      path: '/v1/po-gate/decisions',
      operationId: 'listPoGateDecisions',
      summary: 'The audit log of gate decisions, newest first',
      description: 'Answers of `POST /v1/po-gate/check` (`source: api`) and of the Coupa and Ariba approvers.',
      scope: 'verifications:read',
      query: AuditQuery,
      responses: [{ status: 200, description: 'Gate decisions.' }],
      async handle({ query, livemode }) {
        const records = await storage.list(auditCollection(livemode), { limit: query.limit });
        return { status: 200, body: { data: records.map((r) => r.value) } };
      },
    }),
  ];
}
