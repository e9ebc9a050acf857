import type Database from 'better-sqlite3';

/** Bounds the cache: SQL built from a few filters and IN-lists of at most a page's ids stays far below it. */
const MAX_STATEMENTS = 500;

/**
 * Prepared statements by SQL text, for queries whose text depends on the request (optional filters, IN lists):
 * preparing costs more than running them.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
