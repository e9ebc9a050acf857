import { join } from 'node:path';
import { loadMasterKey, SecretBox } from '../crypto/master-key.js';
import { rfc3339, systemClock } from '../domain/clock.js';
import { SigningKeys } from '../reports/signing-keys.js';
import { MASTER_KEY_FILE, openStore } from '../services.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';

export const SIGNING_KEYS_HELP = `keybs signing-keys list [--json]
keybs signing-keys rotate     new reports are signed with a new Ed25519 key; old keys stay in the JWKS`;

export async function signingKeys(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, json: { type: 'boolean', default: false } });
  const [action] = positionals;
  if (values.help || !action) return void console.log(SIGNING_KEYS_HELP);
  const env = envWith(values);
  const store = openStore(env);
  const box = new SecretBox(loadMasterKey(env.KEYBS_MASTER_KEY, join(env.KEYBS_DATA_DIR, MASTER_KEY_FILE)));
  const keys = new SigningKeys(store.reports, box, systemClock);
  try {
    switch (action) {
      case 'list': {
        const all = await keys.list();
        const view = all.map((k) => ({
          kid: k.kid,
          created_at: rfc3339(k.createdAt),
          retired_at: k.retiredAt === null ? null : rfc3339(k.retiredAt),
        }));
        if (values.json) console.log(JSON.stringify(view));
        else
          for (const k of view)
            console.log(`${k.kid}  ${k.retired_at ? `retired ${k.retired_at}` : 'current'}  created ${k.created_at}`);
        return;
      }
      case 'rotate': {
        const kid = await keys.rotate();
        console.log(`new reports are signed with ${kid}; earlier keys stay published in the JWKS`);
        return;
      }
      default:
        throw new UsageError(`unknown signing-keys command '${action}'\n${SIGNING_KEYS_HELP}`);
    }
  } finally {
    await store.close();
  }
}
