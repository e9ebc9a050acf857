import { ConfigError } from '../config/env.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { SecretBox } from './master-key.js';

const SETTING = 'master_key_check';
const CONTEXT = 'hub_settings.master_key_check';
const PLAINTEXT = 'keybs master key';

/**
 * Refuses to start with a master key other than the one this database's secrets were sealed with: the first
 * start stores a value sealed under its key, and every later start (of any process on the database) must be
 * able to open it. Without this, a second process with a master key of its own would serve webhooks it cannot
 * sign and documents it cannot read.
 */
export async function checkMasterKey(settings: SettingsStore, box: SecretBox): Promise<void> {
  const stored = await settings.claim(SETTING, box.seal(PLAINTEXT, CONTEXT));
  let opened: string | undefined;
  try {
    opened = box.open(stored, CONTEXT);
  } catch {
    opened = undefined;
  }
  if (opened !== PLAINTEXT)
    throw new ConfigError(
      'this master key is not the one the database was sealed with: give every hub process on one database the ' +
        "same KEYBS_MASTER_KEY (or the data dir's master.key file it was first started with)",
    );
}
