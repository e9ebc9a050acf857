import { createHash } from 'node:crypto';
import type { DocumentType } from '@keybs/contract';
import type { SecretBox } from '../crypto/master-key.js';
import type { Clock } from '../domain/clock.js';
import { ApiError, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { DocumentRecord } from '../store/document-store.js';
import type { DocumentContentStore } from '../store/settings-store.js';
import type { Store } from '../store/store.js';
import { checkDocument } from './content-checks.js';
import { decryptDocument, encryptDocument } from './envelope.js';
import { detectMediaType } from './media-type.js';
import { pdfText, type ReadText } from './pdf-text.js';

export interface Upload {
  type: DocumentType;
  filename: string;
  data: Buffer;
}

const PURGE_BATCH = 500;

/**
 * Supporting documents of a verification. Each is encrypted under its own key; that key is sealed with the
 * master key and kept with the metadata, the ciphertext is a file (or a row, on PostgreSQL). Content and keys are never logged.
 */
export class Documents {
  constructor(
    private readonly store: Store,
    /** The sealed content: files in the data dir (SQLite) or rows in the database (PostgreSQL). */
    private readonly files: DocumentContentStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** Throws 404 unless the verification exists in this environment. */
  async requireVerification(livemode: boolean, verificationId: string): Promise<void> {
    if (!(await this.store.verifications.get(livemode, verificationId))) throw notFound('verification', verificationId);
  }

  async upload(livemode: boolean, verificationId: string, upload: Upload): Promise<DocumentRecord> {
    const verification = await this.store.verifications.get(livemode, verificationId);
    if (!verification) throw notFound('verification', verificationId);
    const contentType = detectMediaType(upload.data);
    if (!contentType) {
      throw new ApiError('unsupported_media_type', 'The file is not a PDF, PNG or JPEG.', 'file');
    }
    const id = newId('doc');
    const sha256 = createHash('sha256').update(upload.data).digest('hex');
    const duplicateOf = (await this.store.documents.firstWithSha256(verificationId, sha256)) ?? null;
    const reusedIn = (await this.store.documents.otherVerificationWithSha256(livemode, verificationId, sha256)) ?? null;
    const read: ReadText =
      contentType === 'application/pdf' ? await pdfText(upload.data) : { readable: true, text: null };
    const subject = {
      type: upload.type,
      supplier: verification.supplier,
      registrationId: verification.registrationId,
      reusedIn,
      duplicateOf,
    };
    const checks = checkDocument(subject, read.text, read.readable, this.clock.now());
    const { key, sealed } = encryptDocument(upload.data, id);
    await this.files.write(id, sealed);
    const record: DocumentRecord = {
      id,
      livemode,
      verificationId,
      type: upload.type,
      filename: upload.filename,
      contentType,
      size: upload.data.length,
      sha256,
      duplicateOf,
      checks,
      wrappedKey: this.box.seal(key.toString('base64'), id),
      createdAt: this.clock.now(),
      purgedAt: null,
    };
    try {
      await this.store.documents.insert(record);
    } catch (error) {
      await this.files.remove(id);
      throw error;
    }
    return record;
  }

  async list(livemode: boolean, verificationId: string): Promise<DocumentRecord[]> {
    await this.requireVerification(livemode, verificationId);
    return this.store.documents.list(livemode, verificationId);
  }

  async get(livemode: boolean, verificationId: string, id: string): Promise<DocumentRecord> {
    await this.requireVerification(livemode, verificationId);
    const doc = await this.store.documents.get(livemode, verificationId, id);
    if (!doc) throw notFound('document', id);
    return doc;
  }

  /** The decrypted content; 410 once purged. */
  async content(livemode: boolean, verificationId: string, id: string): Promise<{ doc: DocumentRecord; data: Buffer }> {
    const doc = await this.get(livemode, verificationId, id);
    if (doc.purgedAt !== null) throw new ApiError('document_purged');
    const key = Buffer.from(this.box.open(doc.wrappedKey, doc.id), 'base64');
    return { doc, data: decryptDocument(await this.files.read(doc.id), key, doc.id) };
  }

  /**
   * Deletes the content of documents of verifications decided more than `retentionMs` before `now` and
   * marks them purged; returns how many. The file goes first: a crash between leaves a retry, never content.
   */
  async purgeDocuments(now: number, retentionMs: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const due = await this.store.documents.duePurge(now - retentionMs, PURGE_BATCH);
      if (due.length === 0) return purged;
      for (const doc of due) await this.files.remove(doc.id);
      await this.store.documents.markPurged(
        due.map((d) => d.id),
        now,
      );
      purged += due.length;
      if (due.length < PURGE_BATCH) return purged;
    }
  }
}
