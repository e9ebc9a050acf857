import { Verification } from '@keybs/contract';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

export const cancelVerification = defineRoute({
  method: 'post',
  path: '/v1/verifications/:id/cancel',
  operationId: 'cancelVerification',
  summary: 'Cancel a verification',
  description: 'Cancels a verification that has no decision yet. Emits `status_changed` with status `cancelled`.',
  tag: 'Verifications',
  scope: 'verifications:write',
  params: { id: 'The verification id.' },
  responses: [{ status: 200, description: 'The cancelled verification.', schema: Verification }],
  errors: ['verification_not_cancellable'],
  async handle({ params, auth, services }) {
    const view = await services.verifications.cancel(auth.livemode, params.id ?? '');
    return { status: 200, body: presentVerification(view) };
  },
});
