import { rfc3339 } from '../domain/clock.js';
import { openStore } from '../services.js';
import type { Store } from '../store/store.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';

export const PLUGINS_HELP = `keybs plugins status [--json] [--data-dir DIR]
  Each plugin's cursor over the event log, lag, pending, retrying and dead-lettered events, last error.
keybs plugins replay NAME --dead-letters [--event EVT_ID] [--data-dir DIR]
keybs plugins replay NAME --since TIME|--from-seq N [--data-dir DIR]
  Hands events to the plugin again: its dead letters (all, or one), or every event since an RFC 3339 time or
  from an event seq. A running hub picks them up within a second. Works while the hub runs.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  json: { type: 'boolean' },
  'dead-letters': { type: 'boolean' },
  event: { type: 'string' },
  since: { type: 'string' },
  'from-seq': { type: 'string' },
} as const;

async function status(store: Store, json: boolean): Promise<void> {
  const rows = [];
  for (const name of await store.plugins.names()) {
    const { recentDead: _, ...s } = await store.plugins.stats(name);
    rows.push({ name, ...s, lag: s.pending + Math.max(0, s.head - s.cursor) });
  }
  if (json) return void console.log(JSON.stringify(rows));
  if (rows.length === 0) return void console.log('no plugin has run on this database');
  for (const r of rows) {
    const error = r.lastError ? `, last error ${r.lastErrorAt ? rfc3339(r.lastErrorAt) : ''}: ${r.lastError}` : '';
    console.log(
      `${r.name}: cursor ${r.cursor}/${r.head}, lag ${r.lag}, pending ${r.pending} (retrying ${r.retrying}), ` +
        `dead letters ${r.dead}, delivered ${r.delivered}${error}`,
    );
  }
}

async function replay(store: Store, name: string | undefined, values: ReturnType<typeof parseReplay>): Promise<void> {
  if (!name) throw new UsageError(`replay needs a plugin NAME\n${PLUGINS_HELP}`);
  if (!(await store.plugins.names()).includes(name))
    throw new UsageError(`no plugin named '${name}' has run on this database (see 'keybs plugins status')`);
  const now = Date.now();
  let count: number;
  if (values.deadLetters) {
    count = await store.plugins.replayDead(name, now, values.event ? [values.event] : undefined);
  } else {
    const from = values.fromSeq ?? (values.since === undefined ? null : await store.plugins.seqAt(values.since));
    count = from === null ? 0 : await store.plugins.replayFrom(name, from, null, now);
  }
  console.log(`queued ${count} event${count === 1 ? '' : 's'} for ${name}`);
}

function parseReplay(values: { 'dead-letters'?: boolean; event?: string; since?: string; 'from-seq'?: string }) {
  const chosen = [values['dead-letters'], values.since, values['from-seq']].filter((v) => v !== undefined);
  if (chosen.length !== 1) throw new UsageError(`replay needs exactly one of --dead-letters, --since, --from-seq`);
  const since = values.since === undefined ? undefined : Date.parse(values.since);
  if (since !== undefined && Number.isNaN(since)) throw new UsageError(`--since must be an RFC 3339 time`);
  const fromSeq = values['from-seq'] === undefined ? undefined : Number(values['from-seq']);
  if (fromSeq !== undefined && !(Number.isInteger(fromSeq) && fromSeq >= 0))
    throw new UsageError(`--from-seq must be a whole number`);
  return { deadLetters: values['dead-letters'] === true, event: values.event, since, fromSeq };
}

export async function plugins(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [sub, name] = positionals;
  if (values.help || !sub) return void console.log(PLUGINS_HELP);
  if (sub !== 'status' && sub !== 'replay') throw new UsageError(`unknown subcommand '${sub}'\n${PLUGINS_HELP}`);
  const replayOptions = sub === 'replay' ? parseReplay(values) : undefined;
  const store = openStore(envWith(values));
  try {
    if (replayOptions) await replay(store, name, replayOptions);
    else await status(store, values.json === true);
  } finally {
    await store.close();
  }
}
