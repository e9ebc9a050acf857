import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { ApiError } from '../domain/errors.js';

export interface FilePart {
  filename: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  file: FilePart | undefined;
}

/**
 * Reads a multipart/form-data body: its text fields and one part named `file`, at most `maxFileBytes`.
 * The whole body is read even when the file is too large, so the client gets the 413 instead of a reset.
 */
export function readMultipart(req: IncomingMessage, maxFileBytes: number): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxFileBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 32 },
      });
    } catch {
      reject(new ApiError('unsupported_media_type', 'Send the document as multipart/form-data.'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: FilePart | undefined;
    let tooLarge = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        file = { filename: info.filename ?? 'document', data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(new ApiError('validation_failed', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (tooLarge) {
        reject(new ApiError('body_too_large', `The document is larger than ${maxFileBytes / 1024 / 1024} MB.`, 'file'));
      } else {
        resolve({ fields, file });
      }
    });
    req.pipe(parser);
  });
}
