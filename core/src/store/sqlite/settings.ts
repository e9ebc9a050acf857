import type Database from 'better-sqlite3';
import type { SettingsStore } from '../settings-store.js';

export function sqliteSettingsStore(db: Database.Database): SettingsStore {
  const insert = db.prepare('INSERT INTO hub_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const get = db.prepare<[string], { value: string }>('SELECT value FROM hub_settings WHERE name = ?');
  const claim = db.transaction((name: string, value: string) => {
    insert.run(name, value);
    return get.get(name)?.value ?? value;
  });
  return {
    async claim(name, value) {
      return claim(name, value);
    },
  };
}
