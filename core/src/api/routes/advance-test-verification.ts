import { Verification } from '@keybs/contract';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

export const advanceTestVerification = defineRoute({
  method: 'post',
  path: '/v1/test_helpers/verifications/:id/advance',
  operationId: 'advanceTestVerification',
  summary: 'Advance a test verification',
  description:
    'Test keys only (a live key gets 404). Runs any pending checks now and finishes a pending analyst review ' +
    'at once, as analyst `Test Analyst`, so integrations can reach a decision without waiting.',
  tag: 'Test helpers',
  scope: 'verifications:write',
  params: { id: 'The test verification id.' },
  responses: [{ status: 200, description: 'The verification after advancing.', schema: Verification }],
  async handle({ params, auth, services }) {
    const view = await services.verifications.advance(auth.livemode, params.id ?? '');
    return { status: 200, body: presentVerification(view) };
  },
});
