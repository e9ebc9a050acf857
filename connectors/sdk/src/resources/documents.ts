import { Document, DocumentList } from '@keybs/contract';
import type { Transport } from '../transport.js';

const documentsPath = (verificationId: string): string =>
  `/v1/verifications/${encodeURIComponent(verificationId)}/documents`;

/** Metadata of a verification's supporting documents. Uploading is not in the SDK yet. */
export class Documents {
  constructor(private readonly transport: Transport) {}

  /** Every document uploaded to the verification, oldest first. */
  list(verificationId: string): Promise<DocumentList> {
    return this.transport.request({
      method: 'GET',
      path: documentsPath(verificationId),
      schema: DocumentList,
      schemaName: 'DocumentList',
    });
  }

  /** One document's metadata (not its content). */
  retrieve(verificationId: string, documentId: string): Promise<Document> {
    return this.transport.request({
      method: 'GET',
      path: `${documentsPath(verificationId)}/${encodeURIComponent(documentId)}`,
      schema: Document,
      schemaName: 'Document',
    });
  }
}
