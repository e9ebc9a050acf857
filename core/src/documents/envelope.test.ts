import { describe, expect, it } from 'vitest';
import { decryptDocument, encryptDocument } from './envelope.js';

describe('document envelope', () => {
  it('round-trips and never stores the plaintext', () => {
    const plaintext = Buffer.from('%PDF-1.4 confidential');
    const { key, sealed } = encryptDocument(plaintext, 'doc_a');
    expect(sealed.includes(plaintext)).toBe(false);
    expect(decryptDocument(sealed, key, 'doc_a')).toEqual(plaintext);
  });

  it('refuses content moved to another document id', () => {
    const { key, sealed } = encryptDocument(Buffer.from('x'), 'doc_a');
    expect(() => decryptDocument(sealed, key, 'doc_b')).toThrow();
  });
});
