import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under a fresh key per document: `iv | tag | ciphertext`, with the document id bound as
 * associated data so a file cannot be swapped for another document's.
 */
export function encryptDocument(plaintext: Buffer, documentId: string): { key: Buffer; sealed: Buffer } {
  const key = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(documentId));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { key, sealed: Buffer.concat([iv, cipher.getAuthTag(), ct]) };
}

export function decryptDocument(sealed: Buffer, key: Buffer, documentId: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(documentId));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}
