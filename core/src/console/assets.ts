import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

// From src/console/ and from dist/console/ alike this is core/src/console/assets/: the files ship as they are.
const DIR = new URL('../../src/console/assets/', import.meta.url);
const TYPES: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

let loaded: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(new URL(name, DIR));
    loaded.set(name, { body, type, etag: createHash('sha256').update(body).digest('base64url').slice(0, 16) });
  }
  return loaded;
}

/** `/console/assets/console.css?v=…`: the version changes with the content, so it can be cached for long. */
export function assetUrl(name: keyof typeof TYPES & string): string {
  return `/console/assets/${name}?v=${assets().get(name)?.etag ?? ''}`;
}

export const serveAsset: RequestHandler = (req, res, next) => {
  const asset = assets().get(req.params.name as string);
  if (!asset) return next();
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('ETag', `"${asset.etag}"`);
  res.type(asset.type).send(asset.body);
};
