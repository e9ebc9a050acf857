import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentContentStore } from '../store/settings-store.js';

/** The encrypted document files: one per document, `<dir>/<id>`, readable by the hub's user only. */
export class DocumentFiles implements DocumentContentStore {
  constructor(readonly dir: string) {}

  path(id: string): string {
    if (!/^doc_[0-9A-Za-z]+$/.test(id)) throw new Error('not a document id');
    return join(this.dir, id);
  }

  /** Written to a temporary name and renamed, so a crash never leaves a half-written document. */
  async write(id: string, sealed: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.path(id);
    const partial = `${target}.partial`;
    await writeFile(partial, sealed, { mode: 0o600 });
    await chmod(partial, 0o600);
    await rename(partial, target);
  }

  read(id: string): Promise<Buffer> {
    return readFile(this.path(id));
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }
}
