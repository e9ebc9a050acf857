import {
  DOCUMENT_MAX_BYTES,
  Document,
  DocumentList,
  UploadDocumentFields,
  UploadDocumentRequest,
} from '@keybs/contract';
import { ApiError } from '../../domain/errors.js';
import { validationError } from '../middleware/errors.js';
import { readMultipart } from '../multipart.js';
import { presentDocument } from '../present-document.js';
import { defineRoute } from '../route.js';

const TAG = 'Documents';
const VERIFICATION_ID = 'The verification id, `KBS-VR-YYYY-NNNNNN`.';

export const uploadDocument = defineRoute({
  method: 'post',
  path: '/v1/verifications/:id/documents',
  operationId: 'uploadDocument',
  summary: 'Upload a supporting document',
  description:
    'A multipart/form-data body with a `file` part (PDF, PNG or JPEG, recognised from its content; up to 20 MB) ' +
    'and a `type` field. The document is stored encrypted; `duplicate_of` names an earlier document of the ' +
    'same verification with the same content.',
  tag: TAG,
  scope: 'verifications:write',
  params: { id: VERIFICATION_ID },
  upload: UploadDocumentRequest,
  responses: [{ status: 201, description: 'The stored document.', schema: Document }],
  errors: ['body_too_large', 'unsupported_media_type', 'validation_failed'],
  async handle({ params, auth, services, request }) {
    const id = params.id ?? '';
    await services.documents.requireVerification(auth.livemode, id);
    const { fields, file } = await readMultipart(request, DOCUMENT_MAX_BYTES);
    const parsed = UploadDocumentFields.safeParse(fields);
    if (!parsed.success) throw validationError(parsed.error);
    if (!file) throw new ApiError('validation_failed', 'file: a file part is required.', 'file');
    const doc = await services.documents.upload(auth.livemode, id, {
      type: parsed.data.type,
      filename: file.filename,
      data: file.data,
    });
    return { status: 201, body: presentDocument(doc) };
  },
});

export const listDocuments = defineRoute({
  method: 'get',
  path: '/v1/verifications/:id/documents',
  operationId: 'listDocuments',
  summary: "List a verification's documents",
  description: 'Metadata of every document uploaded to the verification, oldest first.',
  tag: TAG,
  scope: 'verifications:read',
  params: { id: VERIFICATION_ID },
  responses: [{ status: 200, description: 'The documents.', schema: DocumentList }],
  async handle({ params, auth, services }) {
    const docs = await services.documents.list(auth.livemode, params.id ?? '');
    return { status: 200, body: { data: docs.map(presentDocument) } };
  },
});

export const getDocument = defineRoute({
  method: 'get',
  path: '/v1/verifications/:id/documents/:document_id',
  operationId: 'getDocument',
  summary: "A document's metadata",
  tag: TAG,
  scope: 'verifications:read',
  params: { id: VERIFICATION_ID, document_id: 'The document id, `doc_…`.' },
  responses: [{ status: 200, description: 'The document.', schema: Document }],
  async handle({ params, auth, services }) {
    const doc = await services.documents.get(auth.livemode, params.id ?? '', params.document_id ?? '');
    return { status: 200, body: presentDocument(doc) };
  },
});

export const getDocumentContent = defineRoute({
  method: 'get',
  path: '/v1/verifications/:id/documents/:document_id/content',
  operationId: 'getDocumentContent',
  summary: "Download a document's content",
  description: 'The decrypted file as uploaded, with its detected content type; 410 once purged under retention.',
  tag: TAG,
  scope: 'reports:read',
  params: { id: VERIFICATION_ID, document_id: 'The document id, `doc_…`.' },
  responses: [{ status: 200, description: 'The file (application/pdf, image/png or image/jpeg).' }],
  errors: ['document_purged'],
  async handle({ params, auth, services }) {
    const { doc, data } = await services.documents.content(auth.livemode, params.id ?? '', params.document_id ?? '');
    return {
      status: 200,
      body: data,
      contentType: doc.contentType,
      headers: {
        'Content-Disposition': `attachment; filename="${doc.filename.replace(/[^\w.\- ]/g, '_')}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    };
  },
});
