/** Sanctions list editions and their entries; at most one current edition per list. */
export const sanctions = `
CREATE TABLE sanctions_editions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  list_id      TEXT NOT NULL,
  source       TEXT NOT NULL,
  loaded_at    INTEGER NOT NULL,
  entry_count  INTEGER NOT NULL,
  checksum     TEXT NOT NULL,
  published_at TEXT,
  current      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sanctions_editions_current ON sanctions_editions (list_id) WHERE current = 1;

CREATE TABLE sanctions_entries (
  edition_id    INTEGER NOT NULL REFERENCES sanctions_editions (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  entry_id      TEXT NOT NULL,
  type          TEXT NOT NULL,
  name          TEXT NOT NULL,
  aliases       TEXT NOT NULL,
  programs      TEXT NOT NULL,
  countries     TEXT NOT NULL,
  date_of_birth TEXT,
  remarks       TEXT,
  PRIMARY KEY (edition_id, position),
  UNIQUE (edition_id, entry_id)
) WITHOUT ROWID;
`;
