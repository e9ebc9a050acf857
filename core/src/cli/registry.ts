import { ImportFormatError, importBulkRegistry } from '../checks/registry/bulk-import.js';
import { openStore } from '../services.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';
import { progressBar } from './progress.js';

export const REGISTRY_HELP = `keybs registry import FILE... --format companies-house|gleif [--replace] [--data-dir DIR]
  Loads a bulk company register (Companies House "BasicCompanyData" CSV, GLEIF LEI-CDF golden copy CSV) as a
  local registry provider. --replace: the files are a full snapshot; rows they no longer list are removed.`;

const FORMATS = ['companies-house', 'gleif'] as const;

export async function registry(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    replace: { type: 'boolean', default: false },
  });
  const [action, ...files] = positionals;
  if (values.help || !action) return void console.log(REGISTRY_HELP);
  if (action !== 'import') throw new UsageError(`unknown registry command '${action}'\n${REGISTRY_HELP}`);
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`registry import needs --format ${FORMATS.join('|')}`);
  if (files.length === 0) throw new UsageError('registry import needs at least one FILE');
  const store = openStore(envWith(values));
  try {
    const startedAt = Date.now();
    for (const file of files) {
      const bar = progressBar(`import ${file}`);
      let report: Awaited<ReturnType<typeof importBulkRegistry>>;
      try {
        report = await importBulkRegistry(store.registry, {
          file,
          format,
          onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal),
        });
      } catch (error) {
        if (error instanceof ImportFormatError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      } finally {
        bar.done();
      }
      console.log(`${file}: imported ${report.imported} companies, skipped ${report.bad} bad lines`);
      for (const bad of report.badLines) console.log(`  line ${bad.line}: ${bad.reason}`);
    }
    if (values.replace) {
      const removed = await store.registry.prune(format, startedAt);
      console.log(`removed ${removed} companies no longer in the snapshot`);
    }
  } finally {
    await store.close();
  }
}
