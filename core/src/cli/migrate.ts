import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from '../config/env.js';
import { DATABASE_FILE, DOCUMENTS_DIR, MASTER_KEY_FILE } from '../services.js';
import { MigrationError, type MigrationResult, migrateFromSqlite } from '../store/migrate-from-sqlite/copy.js';
import { isPostgresUrl } from '../store/postgres/index.js';
import { parse, UsageError } from './args.js';
import { progressBar } from './progress.js';

export const MIGRATE_HELP = `keybs migrate --from-sqlite DIR [--to postgres://…]
  Copies the SQLite database of data dir DIR, and its document files, into an empty PostgreSQL database (--to,
  else KEYBS_DATABASE_URL) in one transaction, then checks every table's row count on both sides: exit 0 only
  if all match. The hub on DIR may keep running (the copy is one snapshot); stop it before switching over.`;

/** The URL as printed: the password, if any, masked. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the target database';
  }
}

function countsTable(result: MigrationResult): string {
  const rows = result.tables.map((t) => [t.table, String(t.source), String(t.target), t.source === t.target]);
  const source = result.tables.reduce((n, t) => n + t.source, 0);
  const target = result.tables.reduce((n, t) => n + t.target, 0);
  rows.push(['total', String(source), String(target), result.committed]);
  const width = Math.max(...rows.map((r) => String(r[0]).length));
  const line = (cells: readonly (string | boolean)[]) =>
    `${String(cells[0]).padEnd(width)}  ${String(cells[1]).padStart(11)}  ${String(cells[2]).padStart(11)}  ${
      typeof cells[3] === 'boolean' ? (cells[3] ? 'ok' : 'MISMATCH') : cells[3]
    }`;
  return [line(['table', 'rows source', 'rows target', 'ok']), ...rows.map(line)].join('\n');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The master key, which stays outside the database, and where the document content went. */
function afterTheCopy(dir: string, result: MigrationResult): string {
  const keyFile = join(dir, MASTER_KEY_FILE);
  const documents = join(dir, DOCUMENTS_DIR);
  const copied = result.documentFiles;
  const lines = [
    existsSync(keyFile)
      ? `master key  stays outside the database: give the PostgreSQL hub KEYBS_MASTER_KEY=$(cat ${keyFile}),\n` +
        `            or --data-dir ${dir} (webhook secrets, signing keys and documents are sealed under it)`
      : 'master key  stays outside the database: give the PostgreSQL hub the KEYBS_MASTER_KEY the SQLite hub ran with',
  ];
  if (copied) {
    lines.push(`documents   ${plural(copied.copied, 'encrypted file')} from ${documents} copied into the database`);
    if (copied.missing > 0) {
      lines.push(
        `warning     ${plural(copied.missing, 'stored document')} had no file (the SQLite hub cannot serve them ` +
          `either): ${copied.missingIds.join(', ')}${copied.missing > copied.missingIds.length ? ', …' : ''}`,
      );
    }
  } else {
    lines.push(
      `documents   ${plural(result.storedDocuments, 'stored document')} stay files in ${documents}: every hub process ` +
        'needs that folder (shared storage)',
    );
  }
  return lines.join('\n');
}

export async function migrate(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    'from-sqlite': { type: 'string' },
    to: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void console.log(MIGRATE_HELP);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n${MIGRATE_HELP}`);
  const from = values['from-sqlite'];
  if (!from) throw new UsageError(`migrate needs --from-sqlite DIR, the SQLite hub's data dir\n${MIGRATE_HELP}`);
  const url = values.to ?? parseEnv(process.env).KEYBS_DATABASE_URL;
  if (!url) throw new UsageError('migrate needs a target: set KEYBS_DATABASE_URL or pass --to postgres://…');
  if (!isPostgresUrl(url)) throw new UsageError('--to must be a postgres:// or postgresql:// URL');
  const dir = resolve(from);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const file = join(dir, DATABASE_FILE);
  if (!existsSync(file)) {
    throw new UsageError(`${dir} holds no hub database (${DATABASE_FILE}): pass the data dir the SQLite hub runs with`);
  }

  console.log(`source  ${file}`);
  console.log(`target  ${shown(url)}`);
  const bar = progressBar('copying');
  const started = Date.now();
  let result: MigrationResult;
  try {
    result = await migrateFromSqlite({
      sourceFile: file,
      documentsDir: join(dir, DOCUMENTS_DIR),
      targetUrl: url,
      onProgress: bar.update,
    });
  } catch (error) {
    bar.done();
    if (!(error instanceof MigrationError)) throw error;
    if (error.kind === 'refused') throw new UsageError(error.message);
    console.error(`keybs: ${error.message}\nthe target holds no copied row (the copy is one transaction)`);
    process.exitCode = 1;
    return;
  }
  bar.done();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${countsTable(result)}\n`);
  if (!result.committed) {
    console.error('keybs: the row counts differ; the transaction was rolled back, the target holds no copied row');
    process.exitCode = 1;
    return;
  }
  const rows = result.tables.reduce((n, t) => n + t.target, 0);
  console.log(
    `copied ${rows} rows of ${result.tables.length} tables (schema version ${result.schemaVersion}) in ${seconds} s ` +
      'in one transaction, committed;\nidentity sequences continue after the copied ids and event seqs.\n',
  );
  console.log(afterTheCopy(dir, result));
  console.log('\nNext: stop the SQLite hub (what it writes from now on is not in the copy), then');
  console.log(`  KEYBS_DATABASE_URL=${shown(url)} keybs serve --data-dir ${dir}`);
}
