import { SCOPES, type Scope } from '@keybs/contract';
import { ApiKeys, parseGrace } from '../auth/api-keys.js';
import { rfc3339, systemClock } from '../domain/clock.js';
import { openStore } from '../services.js';
import type { ApiKeyRecord } from '../store/records.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';

export const KEYS_HELP = `keybs keys create --env test|live [--scopes a,b] [--name N] [--json] [--data-dir DIR]
keybs keys list [--json]
keybs keys rotate ID [--grace 24h] [--json]   the old key keeps working for the grace period
keybs keys revoke ID
  Scopes: ${SCOPES.join(', ')} (default: all of them).`;

const time = (ms: number | null) => (ms === null ? '-' : rfc3339(ms));

function describe(k: ApiKeyRecord, now: number): string {
  const state = k.revokedAt !== null ? 'revoked' : k.expiresAt !== null && k.expiresAt <= now ? 'expired' : 'active';
  const expiry = k.expiresAt !== null && state === 'active' ? ` expires ${time(k.expiresAt)}` : '';
  return `${k.id}  ${k.env}  ${k.prefix}  ${state}${expiry}  scopes=${k.scopes.join(',')}  name=${k.name ?? '-'}  last_used=${time(k.lastUsedAt)}`;
}

const publicView = (k: ApiKeyRecord) => ({
  id: k.id,
  env: k.env,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: time(k.createdAt),
  expires_at: k.expiresAt === null ? null : time(k.expiresAt),
  revoked_at: k.revokedAt === null ? null : time(k.revokedAt),
  last_used_at: k.lastUsedAt === null ? null : time(k.lastUsedAt),
});

function parseScopes(text: string | undefined): Scope[] | undefined {
  if (text === undefined) return undefined;
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new UsageError(`unknown scope(s) ${unknown.join(', ') || '(none given)'}; choose from ${SCOPES.join(', ')}`);
  }
  return scopes as Scope[];
}

export async function keys(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    ...COMMON_OPTIONS,
    env: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
    grace: { type: 'string', default: '24h' },
    json: { type: 'boolean', default: false },
  });
  const [action, id] = positionals;
  if (values.help || !action) return void console.log(KEYS_HELP);
  const store = openStore(envWith(values));
  const api = new ApiKeys(store.keys, systemClock);
  try {
    switch (action) {
      case 'create': {
        if (values.env !== 'test' && values.env !== 'live') throw new UsageError('keys create needs --env test|live');
        const { key, secret } = await api.create({
          env: values.env,
          scopes: parseScopes(values.scopes),
          name: values.name,
        });
        if (values.json) console.log(JSON.stringify({ id: key.id, secret, env: key.env, scopes: key.scopes }));
        else console.log(`created ${key.id} (${key.env}); the secret is shown only now:\n  ${secret}`);
        return;
      }
      case 'list': {
        const all = await api.list();
        if (values.json) console.log(JSON.stringify(all.map(publicView)));
        else for (const k of all) console.log(describe(k, Date.now()));
        return;
      }
      case 'rotate': {
        if (!id) throw new UsageError('keys rotate needs the key id');
        let grace: number;
        try {
          grace = parseGrace(values.grace ?? '24h');
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        const { key, secret, previous } = await api.rotate(id, grace);
        if (values.json) {
          console.log(
            JSON.stringify({ id: key.id, secret, env: key.env, scopes: key.scopes, previous: publicView(previous) }),
          );
        } else {
          console.log(`rotated ${id} → ${key.id}; ${id} stops working at ${time(previous.expiresAt)}.`);
          console.log(`the new secret is shown only now:\n  ${secret}`);
        }
        return;
      }
      case 'revoke': {
        if (!id) throw new UsageError('keys revoke needs the key id');
        const key = await api.revoke(id);
        console.log(`revoked ${key.id} at ${time(key.revokedAt)}`);
        return;
      }
      default:
        throw new UsageError(`unknown keys command '${action}'\n${KEYS_HELP}`);
    }
  } finally {
    await store.close();
  }
}
