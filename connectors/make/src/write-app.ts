import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { APP_DIR } from './app-dir.js';
import { appFiles } from './app-files.js';

// `npm run generate -w connectors/make`: rewrites `app/` from the contract.
const files = appFiles();
rmSync(APP_DIR, { recursive: true, force: true });
for (const [path, content] of files) {
  mkdirSync(dirname(join(APP_DIR, path)), { recursive: true });
  writeFileSync(join(APP_DIR, path), content);
}
console.log(`wrote ${files.size} files to ${relative(process.cwd(), APP_DIR) || '.'}`);
