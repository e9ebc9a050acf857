import { rfc3339 } from '../domain/clock.js';
import {
  importListFiles,
  LIST_FORMATS,
  type ListFormat,
  SanctionsImportError,
  SanctionsScreener,
} from '../sanctions/index.js';
import { openStore } from '../services.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';

export const SANCTIONS_HELP = `keybs sanctions import FILE... [--format ofac-csv|un-xml|eu-xml] [--data-dir DIR]
  Loads a list edition (OFAC: sdn.csv alt.csv [add.csv]; UN consolidated XML; EU financial sanctions XML),
  replacing the previous edition of that list at once; a running hub screens against it within 10 s.
keybs sanctions lists [--json]
keybs sanctions screen NAME [--type entity|individual] [--limit N] [--json]`;

export async function sanctions(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    type: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const [action, ...rest] = positionals;
  if (values.help || !action) return void console.log(SANCTIONS_HELP);
  const format = values.format === undefined ? undefined : LIST_FORMATS.find((f) => f === values.format);
  if (values.format !== undefined && !format)
    throw new UsageError(`--format must be one of ${LIST_FORMATS.join(', ')}`);
  const store = openStore(envWith(values));
  try {
    switch (action) {
      case 'import':
        return await importLists(store, format, rest);
      case 'lists': {
        const editions = await store.sanctions.listEditions();
        if (values.json) return void console.log(JSON.stringify(editions));
        for (const e of editions) {
          console.log(
            `${e.id}  ${e.listId}  ${e.entryCount} entries  loaded ${rfc3339(e.loadedAt)}  ${e.current ? 'current' : ''}`,
          );
        }
        return;
      }
      case 'screen': {
        const name = rest.join(' ').trim();
        if (!name) throw new UsageError('sanctions screen needs a NAME');
        const type = values.type === 'entity' || values.type === 'individual' ? values.type : undefined;
        const screener = new SanctionsScreener(store.sanctions);
        await screener.load();
        const hits = screener.screenName(name, { limit: Number(values.limit ?? 10), ...(type && { type }) });
        if (values.json) return void console.log(JSON.stringify({ data: hits }));
        if (hits.length === 0) return void console.log(`no hit for '${name}' in ${screener.editions.length} list(s)`);
        for (const h of hits)
          console.log(`${h.score.toFixed(3)}  ${h.list}  ${h.entry_id}  ${h.matched_name}  (${h.name})`);
        return;
      }
      default:
        throw new UsageError(`unknown sanctions command '${action}'\n${SANCTIONS_HELP}`);
    }
  } finally {
    await store.close();
  }
}

async function importLists(store: ReturnType<typeof openStore>, format: ListFormat | undefined, files: string[]) {
  if (files.length === 0) throw new UsageError('sanctions import needs the list FILE(s)');
  try {
    const edition = await importListFiles(store.sanctions, format, files);
    console.log(`imported ${edition.listId} edition ${edition.id}: ${edition.entryCount} entries (now current)`);
  } catch (error) {
    if (error instanceof SanctionsImportError)
      throw new UsageError(`${error.message}; the previous edition stays in force`);
    throw error;
  }
}
