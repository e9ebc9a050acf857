import { JsonWebKeySet, Report } from '@keybs/contract';
import { z } from 'zod';
import { preferredType } from '../accept.js';
import { defineRoute } from '../route.js';

const PDF = 'application/pdf';
const JSON_TYPE = 'application/json';

export const getReport = defineRoute({
  method: 'get',
  path: '/v1/verifications/:id/report',
  operationId: 'getReport',
  summary: 'The signed report',
  description:
    'JSON by default: `{dossier, jws}`, the JWS (EdDSA, `kid` in its header) over the dossier. With ' +
    "`Accept: application/pdf` (or `?format=pdf`), the PDF whose SHA-256 is the dossier's `pdf_sha256`. Issued " +
    'once at the decision and stored: the same bytes every time.',
  tag: 'Reports',
  scope: 'reports:read',
  params: { id: 'The verification id.' },
  query: z.object({ format: z.enum(['json', 'pdf']).optional() }).strict(),
  responses: [
    { status: 200, description: 'The report (JSON), or the PDF with `Accept: application/pdf`.', schema: Report },
  ],
  errors: ['report_not_ready'],
  async handle({ params, query, auth, services, request }) {
    const report = await services.reports.get(auth.livemode, params.id ?? '');
    const type =
      query.format === 'pdf' ? PDF : query.format === 'json' ? JSON_TYPE : preferredType(request, [JSON_TYPE, PDF]);
    const headers = {
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${report.pdfSha256}"`,
      Vary: 'Accept',
    };
    if (type === PDF) {
      return {
        status: 200,
        body: report.pdf,
        contentType: PDF,
        headers: { ...headers, 'Content-Disposition': `inline; filename="${report.verificationId}.pdf"` },
      };
    }
    // The dossier goes out exactly as signed, so a client can compare bytes as well as values.
    return {
      status: 200,
      body: `{"dossier":${report.dossier},"jws":${JSON.stringify(report.jws)}}`,
      contentType: 'application/json; charset=utf-8',
      headers,
    };
  },
});

const jwksRoute = (path: string, operationId: string, summary: string) =>
  defineRoute({
    method: 'get',
    path,
    operationId,
    summary,
    description: 'Every key that has signed reports, the current one last; no auth. Retired keys stay published.',
    tag: 'Reports',
    scope: null,
    responses: [{ status: 200, description: 'A JWK Set (RFC 7517).', schema: JsonWebKeySet }],
    async handle({ services }) {
      return {
        status: 200,
        body: await services.signingKeys.jwks(),
        headers: { 'Cache-Control': 'public, max-age=300' },
      };
    },
  });

export const listSigningKeys = jwksRoute('/v1/signing-keys', 'listSigningKeys', 'Report signing keys (JWKS)');
export const wellKnownJwks = jwksRoute(
  '/.well-known/jwks.json',
  'wellKnownJwks',
  'Report signing keys at the well-known path',
);
