import type { PgDb, Sql } from './db.js';

const sequenceOf = (year: number) => {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new Error(`not a year: ${year}`);
  return `verification_numbers_${year}`;
};

/**
 * Verification numbers (the NNNNNN of KBS-VR-YEAR-NNNNNN) from one sequence per year, where SQLite counts in a
 * `counters` row. A row would be locked from an order's first statement to its commit, and every order of
 * every hub process would queue on it; a sequence hands a number out at once. The price: a number taken by
 * an order whose transaction then fails is not used again (a gap), as with any sequence.
 */
export function verificationNumbers() {
  const prepared = new Map<number, Promise<void>>();
  const create = (db: PgDb, year: number) => {
    const sequence = sequenceOf(year);
    return db.tx(async (sql) => {
      await sql.query("SELECT pg_advisory_xact_lock(hashtext('keybs:verification-numbers'))");
      const [found] = await sql.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [sequence]);
      if (found?.exists) return;
      const [counter] = await sql.query<{ value: number }>('SELECT value FROM counters WHERE name = $1', [
        `verification:${year}`,
      ]);
      await sql.run(`CREATE SEQUENCE ${sequence}`);
      await sql.query('SELECT setval($1, $2, false)', [sequence, (counter?.value ?? 0) + 1]);
    });
  };
  return {
    /** Creates the year's sequence once, starting after the `counters` row (kept by a copy from SQLite). */
    async prepare(db: PgDb, year: number): Promise<void> {
      let done = prepared.get(year);
      if (!done) {
        done = create(db, year);
        prepared.set(year, done);
        done.catch(() => prepared.delete(year)); // tried again by the next order
      }
      await done;
    },
    /** The next number of `year` (after `prepare`). */
    async next(sql: Sql, year: number): Promise<number> {
      const [row] = await sql.query<{ value: number }>('SELECT nextval($1) AS value', [sequenceOf(year)]);
      if (!row) throw new Error('nextval returned no row');
      return row.value;
    },
  };
}
