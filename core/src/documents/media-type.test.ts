import { describe, expect, it } from 'vitest';
import { detectMediaType } from './media-type.js';

describe('detectMediaType', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(detectMediaType(Buffer.from('%PDF-1.4\n'))).toBe('application/pdf');
    expect(detectMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });

  it('refuses anything else, and truncated signatures', () => {
    expect(detectMediaType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
    expect(detectMediaType(Buffer.from('hello'))).toBeUndefined();
    expect(detectMediaType(Buffer.from('%PDF'))).toBeUndefined();
    expect(detectMediaType(Buffer.alloc(0))).toBeUndefined();
  });
});
