import type { CheckRecord, VerificationRecord } from '../records.js';
import { column } from '../sqlite/verification-rows.js';
import type { CreateOutcome, DecidedCursor, Transition, VerificationStore } from '../store.js';
import type { PgDb, Sql } from './db.js';
import { writeEventsAndCommit } from './events.js';
import { claimIdempotency, completeIdempotency } from './idempotency.js';
import { insertMany } from './insert-many.js';
import { pgReviewQueries } from './review-queries.js';
import { verificationNumbers } from './verification-numbers.js';
import {
  type AuditRow,
  auditFromRow,
  auditValues,
  CHECK_COLUMNS,
  type CheckRow,
  COLUMNS,
  checkFromRow,
  checkValues,
  fromRow,
  INSERT_VERIFICATION,
  ON_CHECK_CONFLICT,
  UPDATE_CHECK,
  UPSERT_CHECK,
  updateCheckValues,
  type VerificationRow,
  valuesOf,
} from './verification-rows.js';

/** How long a process holds the verifications it took to check before another process may take them. */
const CHECK_LEASE_MS = 20_000;

/** Keyset over the verifications_decided index (livemode, decided_at); ties on decided_at are ordered by id. */
const AFTER = `livemode = $1 AND decided_at IS NOT NULL AND status = 'completed'
  AND decided_at >= $2 AND (decided_at > $2 OR id > $3)`;
const cursorParams = (livemode: boolean, after: DecidedCursor | null) => [
  livemode,
  after?.decidedAt ?? -1,
  after?.id ?? '',
];

/**
 * Applies one transition inside the caller's transaction, but for its events (the caller writes them last, see
 * writeEvents). The row is read FOR UPDATE, so the compare-and-set on status and version holds against other
 * processes: a concurrent transition waits, then sees the new row.
 */
async function applyTransition(sql: Sql, t: Transition): Promise<VerificationRecord | undefined> {
  const [row] = await sql.query<VerificationRow>('SELECT * FROM verifications WHERE id = $1 FOR UPDATE', [t.id]);
  if (!row || !t.from.includes(row.status)) return undefined;
  if (t.ifVersion !== undefined && row.version !== t.ifVersion) return undefined;
  const next: VerificationRecord = { ...fromRow(row), ...t.patch, version: row.version + 1 };
  const fields = Object.keys(t.patch)
    .filter((f) => f !== 'version')
    .map(column);
  if (fields.length > 0) {
    const sets = fields.map((f, i) => `${f} = $${i + 2}`).join(', ');
    await sql.run(`UPDATE verifications SET ${sets}, version = version + 1 WHERE id = $1`, [
      t.id,
      ...valuesOf(next, fields),
    ]);
  }
  for (const c of t.checks ?? []) await sql.run(UPDATE_CHECK, updateCheckValues(c));
  for (const a of t.audit ?? []) {
    await sql.run(
      'INSERT INTO review_audit (verification_id, at, actor, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
      auditValues(a),
    );
  }
  return next;
}

export function pgVerificationStore(db: PgDb): VerificationStore {
  const numbers = verificationNumbers();
  const many = async (text: string, params: unknown[]) => (await db.query<VerificationRow>(text, params)).map(fromRow);

  return {
    ...pgReviewQueries(db),
    async create(build, year, claim): Promise<CreateOutcome> {
      await numbers.prepare(db, year);
      return db.tx(async (sql) => {
        if (claim) {
          const outcome = await claimIdempotency(sql, claim);
          if (outcome.kind !== 'acquired') return outcome;
        }
        const input = build(await numbers.next(sql, year));
        await sql.run(INSERT_VERIFICATION, valuesOf(input.verification, COLUMNS));
        await insertMany(sql, 'checks', CHECK_COLUMNS, input.checks.map(checkValues), ON_CHECK_CONFLICT);
        if (input.idempotency) await completeIdempotency(sql, input.idempotency);
        await writeEventsAndCommit(sql, input.events);
        return { kind: 'created', record: input.verification };
      });
    },
    async get(livemode, id) {
      const r = await db.one<VerificationRow>('SELECT * FROM verifications WHERE id = $1 AND livemode = $2', [
        id,
        livemode,
      ]);
      return r && fromRow(r);
    },
    async list(f) {
      const params: unknown[] = [f.livemode, f.limit + 1];
      const where = ['livemode = $1'];
      const add = (clause: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(clause(`$${params.length}`));
      };
      if (f.status) add((n) => `status = ${n}`, f.status);
      if (f.countryCode) add((n) => `country_code = ${n}`, f.countryCode);
      if (f.externalRef) add((n) => `external_ref = ${n}`, f.externalRef);
      if (f.startingAfter) {
        const anchor = await db.one<{ seq: number }>('SELECT seq FROM verifications WHERE id = $1 AND livemode = $2', [
          f.startingAfter,
          f.livemode,
        ]);
        if (!anchor) return undefined;
        add((n) => `seq < ${n}`, anchor.seq);
      }
      const rows = await many(
        `SELECT * FROM verifications WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $2`,
        params,
      );
      return { data: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
    },
    async checks(id) {
      const rows = await db.query<CheckRow>('SELECT * FROM checks WHERE verification_id = $1 ORDER BY position', [id]);
      return rows.map(checkFromRow);
    },
    async checksFor(ids) {
      const map = new Map<string, CheckRecord[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return map;
      const rows = await db.query<CheckRow>('SELECT * FROM checks WHERE verification_id = ANY($1) ORDER BY position', [
        ids,
      ]);
      for (const r of rows) map.get(r.verification_id)?.push(checkFromRow(r));
      return map;
    },
    async saveCheck(check) {
      await db.run(UPSERT_CHECK, checkValues(check));
    },
    async transition(t) {
      return db.tx(async (sql) => {
        const next = await applyTransition(sql, t);
        if (next) await writeEventsAndCommit(sql, t.events);
        return next;
      });
    },
    async transitionAll(ts) {
      // One transaction for the batch: if one fails the batch rolls back and the worker retries it.
      return db.tx(async (sql) => {
        const results: (VerificationRecord | undefined)[] = [];
        for (const t of ts) results.push(await applyTransition(sql, t));
        await writeEventsAndCommit(
          sql,
          ts.flatMap((t, i) => (results[i] ? t.events : [])),
        );
        return results;
      });
    },
    async due(now, limit) {
      // Several hub processes share the work: each takes its verifications with a lease (work_after moved
      // past the lease), skipping those another process is taking; a step applied sets work_after anew,
      // and the lease of a process that died runs out, so another process finishes its verifications.
      return many(
        `UPDATE verifications SET work_after = $3 WHERE id IN (
            SELECT id FROM verifications WHERE work_after IS NOT NULL AND work_after <= $1
              AND status = 'in_progress' ORDER BY work_after LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [now, limit, now + CHECK_LEASE_MS],
      );
    },
    async decidedSince(livemode, since) {
      const rows = await db.query<{ country_code: string; created_at: number; decided_at: number }>(
        `SELECT country_code, created_at, decided_at FROM verifications
          WHERE livemode = $1 AND decided_at >= $2 AND status = 'completed'`,
        [livemode, since],
      );
      return rows.map((r) => ({ countryCode: r.country_code, createdAt: r.created_at, decidedAt: r.decided_at }));
    },
    async count(livemode) {
      return (
        (await db.one<{ n: number }>('SELECT count(*) AS n FROM verifications WHERE livemode = $1', [livemode]))?.n ?? 0
      );
    },
    async decided(livemode, after, limit) {
      const rows = await db.query<{
        id: string;
        package: VerificationRecord['package'];
        created_at: number;
        decided_at: number;
        decision: string;
        checks: string;
      }>(
        `SELECT id, package, created_at, decided_at, decision,
          (SELECT coalesce(json_agg(json_build_array(type, status, outcome) ORDER BY position), '[]'::json)::text
            FROM checks WHERE verification_id = v.id) AS checks
          FROM verifications v WHERE ${AFTER} ORDER BY decided_at, id LIMIT $4`,
        [...cursorParams(livemode, after), limit],
      );
      return rows.map((r) => ({
        id: r.id,
        package: r.package,
        createdAt: r.created_at,
        decidedAt: r.decided_at,
        decision: r.decision,
        checks: (JSON.parse(r.checks) as [string, string, string | null][]).map(([type, status, outcome]) => ({
          type,
          status,
          outcome,
        })),
      }));
    },
    async countDecided(livemode, after) {
      const r = await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM verifications WHERE ${AFTER}`,
        cursorParams(livemode, after),
      );
      return r?.n ?? 0;
    },
    async versionOf(livemode, id) {
      const r = await db.one<{ version: number }>('SELECT version FROM verifications WHERE id = $1 AND livemode = $2', [
        id,
        livemode,
      ]);
      return r?.version;
    },
    async auditOf(ids) {
      const map = new Map(ids.map((id) => [id, [] as ReturnType<typeof auditFromRow>[]]));
      if (ids.length === 0) return map;
      const rows = await db.query<AuditRow>('SELECT * FROM review_audit WHERE verification_id = ANY($1) ORDER BY seq', [
        ids,
      ]);
      for (const r of rows) map.get(r.verification_id)?.push(auditFromRow(r));
      return map;
    },
  };
}
