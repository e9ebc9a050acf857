import { OrderVerificationRequest, Verification } from '@keybs/contract';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

export const createVerification = defineRoute({
  method: 'post',
  path: '/v1/verifications',
  operationId: 'createVerification',
  summary: 'Order a verification',
  description:
    'Orders a Know-Your-Business check of a supplier. Returns at once with the id, tier and estimated SLA; ' +
    'the checks run in the background and every status change is an event. Send an `Idempotency-Key` to retry safely.',
  tag: 'Verifications',
  scope: 'verifications:write',
  body: OrderVerificationRequest,
  responses: [{ status: 201, description: 'The verification, `in_progress`.', schema: Verification }],
  errors: ['country_not_covered', 'invalid_registration_id', 'webhook_url_not_registered'],
  atomicIdempotency: true,
  async handle({ body, auth, services, idempotency, requestId }) {
    // The answer is built once: stored with the Idempotency-Key in the order's transaction, and sent.
    let json: string | undefined;
    const outcome = await services.verifications.order(body, {
      livemode: auth.livemode,
      ...(idempotency && {
        idempotency: {
          request: idempotency.request,
          respond: (v) => {
            json = JSON.stringify(presentVerification(v));
            return { status: 201, body: json, requestId };
          },
        },
      }),
    });
    if (outcome.kind === 'replay') return { status: outcome.response.status, body: null, replay: outcome.response };
    services.metrics.verificationsOrdered.inc({ env: auth.env, package: outcome.view.record.package });
    return {
      status: 201,
      body: json ?? JSON.stringify(presentVerification(outcome.view)),
      contentType: 'application/json; charset=utf-8',
      idempotencyStored: idempotency !== undefined,
    };
  },
});
