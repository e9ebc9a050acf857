import { Verification } from '@keybs/contract';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

export const getVerification = defineRoute({
  method: 'get',
  path: '/v1/verifications/:id',
  operationId: 'getVerification',
  summary: 'Poll a verification',
  description:
    'Current status, confidence, assigned reviewer, each check with its findings, and the decision once issued.',
  tag: 'Verifications',
  scope: 'verifications:read',
  params: { id: 'The verification id, `KBS-VR-YYYY-NNNNNN`.' },
  responses: [{ status: 200, description: 'The verification.', schema: Verification }],
  async handle({ params, auth, services }) {
    const id = params.id ?? '';
    const cached = services.finalViews.get(auth.livemode, id);
    if (cached !== undefined) return { status: 200, body: cached, contentType: 'application/json; charset=utf-8' };
    const view = await services.verifications.get(auth.livemode, id);
    const body = presentVerification(view);
    if (body.status === 'completed' || body.status === 'cancelled') {
      const json = JSON.stringify(body);
      services.finalViews.set(auth.livemode, id, json);
      return { status: 200, body: json, contentType: 'application/json; charset=utf-8' };
    }
    return { status: 200, body };
  },
});
