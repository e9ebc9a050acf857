import type { Document } from '@keybs/contract';
import { rfc3339 } from '../domain/clock.js';
import type { DocumentRecord } from '../store/document-store.js';

/** A document's metadata on the wire (never its key). */
export function presentDocument(d: DocumentRecord): Document {
  return {
    id: d.id,
    object: 'document',
    verification_id: d.verificationId,
    type: d.type,
    filename: d.filename,
    content_type: d.contentType,
    size: d.size,
    sha256: d.sha256,
    duplicate_of: d.duplicateOf,
    checks: d.checks,
    created_at: rfc3339(d.createdAt),
    purged_at: d.purgedAt === null ? null : rfc3339(d.purgedAt),
  };
}
