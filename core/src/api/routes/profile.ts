import { TrustProfile } from '@keybs/contract';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { noProfilePage, profilePage } from '../../reports/profile-page.js';
import { preferredType } from '../accept.js';
import { defineRoute } from '../route.js';

const HTML = 'text/html';
const JSON_TYPE = 'application/json';

export const getProfile = defineRoute({
  method: 'get',
  path: '/profile/:id',
  operationId: 'getTrustProfile',
  summary: 'Public trust profile',
  description:
    'The `report_url` of a decision: an HTML page (or JSON with `Accept: application/json` or `?format=json`) ' +
    'with the supplier, country, status, risk band and signing time, signed with the report key. No auth; ' +
    'nothing private; test-mode profiles carry a TEST banner.',
  tag: 'Reports',
  scope: null,
  params: { id: 'The verification id.' },
  query: z.object({ format: z.enum(['html', 'json']).optional() }).strict(),
  responses: [{ status: 200, description: 'The profile (HTML by default).', schema: TrustProfile }],
  async handle({ params, query, services, request }) {
    const id = params.id ?? '';
    const type =
      query.format === 'json' ? JSON_TYPE : query.format === 'html' ? HTML : preferredType(request, [HTML, JSON_TYPE]);
    const profile = await services.profiles.get(id);
    const headers = { 'Cache-Control': 'public, max-age=60', Vary: 'Accept', 'X-Robots-Tag': 'noindex' };
    if (type === JSON_TYPE) {
      if (!profile) throw notFound('profile', id);
      return { status: 200, body: profile, headers };
    }
    const security = {
      ...headers,
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    };
    if (!profile)
      return { status: 404, body: noProfilePage(id), contentType: 'text/html; charset=utf-8', headers: security };
    return { status: 200, body: profilePage(profile), contentType: 'text/html; charset=utf-8', headers: security };
  },
});
