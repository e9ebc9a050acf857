/** Hub-wide settings shared by every process on the database. */
export interface SettingsStore {
  /** Stores `value` under `name` unless a value is there already; returns the value that is stored. */
  claim(name: string, value: string): Promise<string>;
}

/**
 * Where the sealed content of uploaded documents lives. The SQLite backend leaves it to files in the data dir
 * (`documents/`); PostgreSQL keeps it in the database, so that every hub process can serve every document.
 */
export interface DocumentContentStore {
  write(id: string, sealed: Buffer): Promise<void>;
  read(id: string): Promise<Buffer>;
  remove(id: string): Promise<void>;
}
