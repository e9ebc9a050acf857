import type { DocumentMediaType } from '@keybs/contract';

const SIGNATURES: { type: DocumentMediaType; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The format of `data` from its magic bytes; undefined when it is none of the accepted ones. */
export function detectMediaType(data: Buffer): DocumentMediaType | undefined {
  return SIGNATURES.find(({ magic }) => data.length >= magic.length && magic.every((b, i) => data[i] === b))?.type;
}
