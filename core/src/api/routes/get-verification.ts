import { Verification } from '@keybs/contract';
import { notFound } from '../../domain/errors.js';
import { presentVerification } from '../present.js';
import { defineRoute } from '../route.js';

const JSON_TYPE = 'application/json; charset=utf-8';

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
    const version = await services.store.verifications.versionOf(auth.livemode, id);
    if (version === undefined) throw notFound('verification', id);
    const cached = services.views.get(auth.livemode, id, version);
    if (cached !== undefined) return { status: 200, body: cached, contentType: JSON_TYPE };
    const view = await services.verifications.get(auth.livemode, id);
    const json = JSON.stringify(presentVerification(view));
    services.views.set(auth.livemode, id, view.record.version, json);
    return { status: 200, body: json, contentType: JSON_TYPE };
  },
});
