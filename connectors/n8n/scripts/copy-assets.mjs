#!/usr/bin/env node
// Copies what tsc does not emit (icons and codex `*.node.json`) next to the built nodes and credentials:
// into dist/ by default, or into the dist/ of another copy of the package (`copyAssets(otherDist)`).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isAsset = (name) => name.endsWith('.svg') || name.endsWith('.node.json');

export function copyAssets(dist = join(root, 'dist')) {
  let copied = 0;
  for (const top of ['credentials', 'nodes']) {
    for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !isAsset(entry.name)) continue;
      const source = join(entry.parentPath, entry.name);
      const target = join(dist, relative(root, source));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
      copied++;
    }
  }
  return copied;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`copied ${copyAssets()} assets into dist/`);
