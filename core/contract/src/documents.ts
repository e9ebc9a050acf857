import { z } from 'zod';
import { Timestamp } from './common.js';

/** What a supporting document is evidence of. */
export const DOCUMENT_TYPES = [
  'certificate_of_incorporation',
  'proof_of_address',
  'ownership_structure',
  'other',
] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentType>;

/** The formats accepted, recognised from the file's first bytes (the declared type is ignored). */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const DocumentMediaType = z.enum(DOCUMENT_MEDIA_TYPES);
export type DocumentMediaType = z.infer<typeof DocumentMediaType>;

/** Largest document accepted: 20 MB. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The form fields of an upload besides the file part. */
export const UploadDocumentFields = z.object({ type: DocumentType }).strict();

/** The multipart/form-data body of `POST /v1/verifications/:id/documents`, as documented in OpenAPI. */
export const UploadDocumentRequest = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'The document: PDF, PNG or JPEG, up to 20 MB.' }),
    type: DocumentType,
  })
  .meta({ id: 'UploadDocumentRequest' });

export const DocumentChecks = z
  .object({
    text: z
      .enum(['extracted', 'none', 'unreadable'])
      .meta({ description: 'Whether text could be read: images and scanned PDFs without a text layer give `none`.' }),
    names_supplier: z
      .boolean()
      .nullable()
      .meta({ description: 'The text names the ordered supplier (legal-form words aside); null without text.' }),
    names_registration_id: z.boolean().nullable().meta({
      description: 'The text contains the registration id (spacing and punctuation aside); null without text.',
    }),
    dates_found: z.number().int().meta({ description: 'Dates recognised in the text.' }),
    implausible_dates: z
      .array(z.string())
      .meta({ description: 'Dates in the future or before 1800, as written in the document.' }),
    score: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: "This document's contribution to `document_score`; null when it cannot be judged." }),
    reasons: z.array(z.string()).meta({ description: 'What lowered the score, in plain words.' }),
  })
  .meta({ id: 'DocumentChecks' });
export type DocumentChecks = z.infer<typeof DocumentChecks>;

export const Document = z
  .object({
    id: z.string().meta({ example: 'doc_4Fq9ZcJk2LmN8pQr' }),
    object: z.literal('document'),
    verification_id: z.string(),
    type: DocumentType,
    filename: z.string(),
    content_type: DocumentMediaType,
    size: z.number().int(),
    sha256: z.string().meta({ description: 'Hex SHA-256 of the plaintext.' }),
    duplicate_of: z
      .string()
      .nullable()
      .meta({ description: 'An earlier document of the same verification with the same content, if any.' }),
    checks: DocumentChecks,
    created_at: Timestamp,
    purged_at: Timestamp.nullable().meta({ description: 'When the content was deleted under the retention policy.' }),
  })
  .meta({ id: 'Document' });
export type Document = z.infer<typeof Document>;

export const DocumentList = z.object({ data: z.array(Document) }).meta({ id: 'DocumentList' });
export type DocumentList = z.infer<typeof DocumentList>;
