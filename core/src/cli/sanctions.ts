import { rfc3339 } from '../domain/clock.js';
import { listSources, UPDATE_LISTS, type UpdateResult, updateLists } from '../sanctions/download.js';
import {
  importListFiles,
  LIST_FORMATS,
  type ListFormat,
  SanctionsImportError,
  SanctionsScreener,
} from '../sanctions/index.js';
import { openStore } from '../services.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';
import { progressBar } from './progress.js';

export const SANCTIONS_HELP = `keybs sanctions import FILE... [--format ofac-csv|un-xml|eu-xml] [--data-dir DIR]
  Loads a list edition (OFAC: sdn.csv alt.csv [add.csv]; UN consolidated XML; EU financial sanctions XML),
  replacing the previous edition of that list at once; a running hub screens against it within 10 s.
keybs sanctions update [--list ofac|un|eu] [--data-dir DIR]
  Downloads the current official editions (OFAC, UN; EU only with KEYBS_EU_LIST_URL) and imports each as a new
  edition; a list whose files did not change is skipped. A list that fails keeps its previous edition (exit 2).
keybs sanctions lists [--json]
keybs sanctions screen NAME [--type entity|individual] [--limit N] [--json]`;

export async function sanctions(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    type: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    list: { type: 'string' },
  });
  const [action, ...rest] = positionals;
  if (values.help || !action) return void console.log(SANCTIONS_HELP);
  const format = values.format === undefined ? undefined : LIST_FORMATS.find((f) => f === values.format);
  if (values.format !== undefined && !format)
    throw new UsageError(`--format must be one of ${LIST_FORMATS.join(', ')}`);
  const env = envWith(values);
  const store = openStore(env);
  try {
    switch (action) {
      case 'import':
        return await importLists(store, format, rest);
      case 'update':
        if (rest.length > 0) throw new UsageError('sanctions update takes no FILE (it downloads them); see --list');
        return await updateOfficialLists(store, env, values.list);
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

async function updateOfficialLists(
  store: ReturnType<typeof openStore>,
  env: ReturnType<typeof envWith>,
  list: string | undefined,
) {
  const only = list === undefined ? undefined : UPDATE_LISTS.find((l) => l === list);
  if (list !== undefined && !only) throw new UsageError(`--list must be one of ${UPDATE_LISTS.join(', ')}`);
  const sources = listSources(env).filter((s) => !only || s.list === only);
  if (sources.length === 0) {
    throw new UsageError(
      'eu: no official download address is built in; set KEYBS_EU_LIST_URL to the EU financial sanctions (FSF) XML',
    );
  }
  const print = (r: UpdateResult) => {
    if (r.status === 'imported') {
      console.log(
        `${r.list}: imported ${r.edition.listId} edition ${r.edition.id}: ${r.edition.entryCount} entries (now current)`,
      );
    } else if (r.status === 'unchanged') {
      console.log(
        `${r.list}: unchanged (same SHA-256 as current ${r.edition.listId} edition ${r.edition.id}); nothing imported`,
      );
    }
  };
  const results = await updateLists(store.sanctions, sources, {
    progress: (l, file) => progressBar(`${l} ${file.name}`),
    onResult: print,
  });
  const failures = results.flatMap((r) => (r.status === 'failed' ? [r.message] : []));
  if (failures.length > 0) throw new UsageError(failures.join('\n'));
}
