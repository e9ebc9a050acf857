import type { List, Verification } from '@keybs/sdk';
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { callHub, hubJson } from '../hub.js';
import { optionalText } from '../inputs.js';
import { throwForHubError } from '../middleware.js';
import { verificationOutputFields } from '../output-fields.js';
import { verificationSample } from '../samples.js';

/** By id (an unknown id finds nothing), else by `external_ref`, newest first. */
async function perform(z: ZObject, bundle: Bundle): Promise<Verification[]> {
  const id = optionalText(bundle.inputData, 'verification_id');
  if (id !== undefined) {
    const response = await callHub<Verification>(z, bundle, {
      method: 'GET',
      path: `/v1/verifications/${encodeURIComponent(id)}`,
      allowErrors: true,
    });
    if (response.status === 404) return [];
    throwForHubError(z, response);
    return [response.data];
  }
  const externalRef = optionalText(bundle.inputData, 'external_ref');
  if (externalRef === undefined) {
    throw new z.errors.Error('Give a verification ID or an external reference to search for.', 'missing_input', 400);
  }
  const page = await hubJson<List<Verification>>(z, bundle, {
    method: 'GET',
    path: '/v1/verifications',
    params: { external_ref: externalRef, limit: 10 },
  });
  return page.data;
}

export const findVerification = {
  key: 'find_verification',
  noun: 'Verification',
  display: {
    label: 'Find Verification',
    description: 'Finds a verification by its ID, or the latest one ordered with an external reference.',
  },
  operation: {
    inputFields: [
      {
        key: 'verification_id',
        label: 'Verification ID',
        required: false,
        helpText: '`KBS-VR-…`. Leave empty to search by external reference.',
      },
      {
        key: 'external_ref',
        label: 'External reference',
        required: false,
        helpText: 'Your own id sent with the order; the newest match comes first.',
      },
    ],
    perform,
    sample: verificationSample,
    outputFields: verificationOutputFields,
  },
} satisfies Search;
