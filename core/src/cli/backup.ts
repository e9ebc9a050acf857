import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openStore } from '../services.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';
import { progressBar } from './progress.js';

export const BACKUP_HELP = `keybs backup FILE [--data-dir DIR]
  Copies the database to FILE while the hub keeps running (SQLite online backup).`;

export async function backup(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS);
  if (values.help) return void console.log(BACKUP_HELP);
  const [file] = positionals;
  if (!file) throw new UsageError(`backup needs a target FILE\n${BACKUP_HELP}`);
  if (existsSync(file)) throw new UsageError(`${file} exists; choose a new file name`);
  if (!existsSync(dirname(resolve(file)))) throw new UsageError(`the folder of ${file} does not exist`);
  const store = openStore(envWith(values));
  const bar = progressBar('backup');
  try {
    await store.backup(file, (done, total) => bar.update(done, total));
    bar.done();
    console.log(`backed up to ${file}`);
  } finally {
    await store.close();
  }
}
