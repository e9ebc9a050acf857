import type Database from 'better-sqlite3';
import type { AuditEntry, CheckRecord, IdempotencyRequest, VerificationRecord } from '../records.js';
import type { CreateOutcome, CreateVerification, Transition, VerificationStore } from '../store.js';
import { eventWriter } from './events.js';
import { groupCommit } from './group-commit.js';
import { idempotencyClaimer, idempotencyCompleter } from './idempotency.js';
import { statementCache } from './statement-cache.js';
import {
  CHECK_COLUMNS,
  type CheckRow,
  COLUMNS,
  checkFromRow,
  checkToRow,
  column,
  fromRow,
  toRow,
  type VerificationRow,
} from './verification-rows.js';

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export function sqliteVerificationStore(db: Database.Database): VerificationStore {
  const writeEvent = eventWriter(db);
  const completeIdempotency = idempotencyCompleter(db);
  const claimIdempotency = idempotencyClaimer(db);
  const nextSequence = db.prepare(`INSERT INTO counters (name, value) VALUES (?, 1)
    ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`);
  const insert = db.prepare(
    `INSERT INTO verifications (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const upsertCheck = db.prepare(
    `INSERT OR REPLACE INTO checks (${CHECK_COLUMNS.join(', ')}) VALUES (${CHECK_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  // A check row changes in place (its key never does): cheaper than INSERT OR REPLACE's delete and insert.
  const updateCheck = db.prepare(
    `UPDATE checks SET ${CHECK_COLUMNS.filter((c) => c !== 'verification_id' && c !== 'type')
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE verification_id = @verification_id AND type = @type`,
  );
  const get = db.prepare('SELECT * FROM verifications WHERE id = ? AND livemode = ?');
  const getAny = db.prepare('SELECT * FROM verifications WHERE id = ?');
  const seqOf = db.prepare('SELECT seq FROM verifications WHERE id = ? AND livemode = ?');
  const checks = db.prepare('SELECT * FROM checks WHERE verification_id = ? ORDER BY position');
  const due = db.prepare(`SELECT * FROM verifications WHERE work_after IS NOT NULL AND work_after <= ?
    AND status = 'in_progress' ORDER BY work_after LIMIT ?`);
  const decided = db.prepare(`SELECT country_code, created_at, decided_at FROM verifications
    WHERE livemode = ? AND decided_at >= ? AND status = 'completed'`);
  const count = db.prepare('SELECT count(*) AS n FROM verifications WHERE livemode = ?');
  // Keyset over the verifications_decided index (livemode, decided_at); ties on decided_at are ordered by id.
  const afterClause = `livemode = @livemode AND decided_at IS NOT NULL AND status = 'completed'
    AND decided_at >= @at AND (decided_at > @at OR id > @id)`;
  const decidedPage = db.prepare(`SELECT id, package, created_at, decided_at, decision,
    (SELECT json_group_array(json_array(type, status, outcome)) FROM
      (SELECT type, status, outcome FROM checks WHERE verification_id = v.id ORDER BY position)) AS checks
    FROM verifications v WHERE ${afterClause} ORDER BY decided_at, id LIMIT @limit`);
  const decidedCount = db.prepare(`SELECT count(*) AS n FROM verifications WHERE ${afterClause}`).pluck();
  const cursorParams = (livemode: boolean, after: { decidedAt: number; id: string } | null) => ({
    livemode: livemode ? 1 : 0,
    at: after?.decidedAt ?? -1,
    id: after?.id ?? '',
  });
  const versionOf = db.prepare('SELECT version FROM verifications WHERE id = ? AND livemode = ?').pluck();
  const insertAudit = db.prepare(`INSERT INTO review_audit (verification_id, at, actor, action, before, after)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const writeAudit = (a: AuditEntry) =>
    insertAudit.run(a.verificationId, a.at, a.actor, a.action, json(a.before), json(a.after));
  const inReview = db.prepare(`SELECT * FROM verifications WHERE livemode = @livemode AND status = 'in_review'
    AND (@claimed IS NULL OR (assigned_reviewer IS NOT NULL) = @claimed)
    AND (@analyst IS NULL OR assigned_reviewer = @analyst) ORDER BY due_at, seq LIMIT @limit`);
  const unassigned = db.prepare(`SELECT * FROM verifications WHERE status = 'in_review'
    AND assigned_reviewer IS NULL ORDER BY due_at, seq LIMIT ?`);
  const overdue = db.prepare(`SELECT * FROM verifications WHERE status = 'in_review' AND due_at < ?
    AND review_escalated_at IS NULL ORDER BY due_at LIMIT 100`);

  const create = groupCommit(
    db,
    (build: (sequence: number) => CreateVerification, year: number, claim?: IdempotencyRequest): CreateOutcome => {
      if (claim) {
        const outcome = claimIdempotency(claim);
        if (outcome.kind !== 'acquired') return outcome;
      }
      const { value } = nextSequence.get(`verification:${year}`) as { value: number };
      const input = build(value);
      insert.run(toRow(input.verification));
      for (const c of input.checks) upsertCheck.run(checkToRow(c));
      for (const e of input.events) writeEvent(e);
      if (input.idempotency) completeIdempotency(input.idempotency);
      return { kind: 'created', record: input.verification };
    },
  );

  const prepared = statementCache(db);
  const updateStatement = (fields: string[]) =>
    prepared(
      `UPDATE verifications SET ${fields.map((f) => `${f} = @${f}`).join(', ')}, version = version + 1 WHERE id = @id`,
    );

  const applyTransition = (t: Transition): VerificationRecord | undefined => {
    const row = getAny.get(t.id) as VerificationRow | undefined;
    if (!row || !t.from.includes(row.status)) return undefined;
    if (t.ifVersion !== undefined && row.version !== t.ifVersion) return undefined;
    const next = toRow({ ...fromRow(row), ...t.patch, version: row.version + 1 });
    const fields = Object.keys(t.patch)
      .filter((f) => f !== 'version')
      .map(column);
    if (fields.length > 0) updateStatement(fields).run(next);
    for (const c of t.checks ?? []) updateCheck.run(checkToRow(c));
    for (const a of t.audit ?? []) writeAudit(a);
    for (const e of t.events) writeEvent(e);
    return fromRow(next);
  };
  const transition = db.transaction(applyTransition);

  // One transaction for the batch, no savepoint per item: if one fails the batch rolls back and is retried.
  const transitionAll = db.transaction((ts: Transition[]) => ts.map(applyTransition));

  const checksFor = (ids: string[]): Map<string, CheckRecord[]> => {
    const map = new Map<string, CheckRecord[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const sql = `SELECT * FROM checks WHERE verification_id IN (${ids.map(() => '?').join(',')}) ORDER BY position`;
    const rows = prepared(sql).all(...ids) as CheckRow[];
    for (const r of rows) map.get(r.verification_id)?.push(checkFromRow(r));
    return map;
  };

  return {
    create(build, year, claim) {
      return create(build, year, claim);
    },
    async get(livemode, id) {
      const r = get.get(id, livemode ? 1 : 0) as VerificationRow | undefined;
      return r && fromRow(r);
    },
    async list(f) {
      const where = ['livemode = @livemode'];
      const params: Record<string, unknown> = { livemode: f.livemode ? 1 : 0, limit: f.limit + 1 };
      if (f.status) {
        where.push('status = @status');
        params.status = f.status;
      }
      if (f.countryCode) {
        where.push('country_code = @country');
        params.country = f.countryCode;
      }
      if (f.externalRef) {
        where.push('external_ref = @ref');
        params.ref = f.externalRef;
      }
      if (f.startingAfter) {
        const anchor = seqOf.get(f.startingAfter, params.livemode) as { seq: number } | undefined;
        if (!anchor) return undefined;
        where.push('seq < @anchor');
        params.anchor = anchor.seq;
      }
      const sql = `SELECT * FROM verifications WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`;
      const rows = prepared(sql).all(params) as VerificationRow[];
      return { data: rows.slice(0, f.limit).map(fromRow), hasMore: rows.length > f.limit };
    },
    async checks(id) {
      return (checks.all(id) as CheckRow[]).map(checkFromRow);
    },
    async checksFor(ids) {
      return checksFor(ids);
    },
    async saveCheck(check) {
      upsertCheck.run(checkToRow(check));
    },
    async transition(t) {
      return transition.immediate(t);
    },
    async transitionAll(ts) {
      return transitionAll.immediate(ts);
    },
    async due(now, limit) {
      return (due.all(now, limit) as VerificationRow[]).map(fromRow);
    },
    async decidedSince(livemode, since) {
      const rows = decided.all(livemode ? 1 : 0, since) as {
        country_code: string;
        created_at: number;
        decided_at: number;
      }[];
      return rows.map((r) => ({ countryCode: r.country_code, createdAt: r.created_at, decidedAt: r.decided_at }));
    },
    async inReview(livemode, claimed, limit, analyst) {
      const claimedFlag = claimed === undefined ? null : claimed ? 1 : 0;
      const params = { livemode: livemode ? 1 : 0, claimed: claimedFlag, limit, analyst: analyst ?? null };
      const rows = inReview.all(params) as VerificationRow[];
      return rows.map(fromRow);
    },
    async unassignedReviews(limit) {
      return (unassigned.all(limit) as VerificationRow[]).map(fromRow);
    },
    async overdueReviews(now) {
      return (overdue.all(now) as VerificationRow[]).map(fromRow);
    },
    async auditOf(ids) {
      const map = new Map<string, AuditEntry[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return map;
      const sql = `SELECT * FROM review_audit WHERE verification_id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`;
      const rows = prepared(sql).all(...ids) as {
        verification_id: string;
        at: number;
        actor: string;
        action: AuditEntry['action'];
        before: string | null;
        after: string | null;
      }[];
      for (const r of rows) {
        map.get(r.verification_id)?.push({
          verificationId: r.verification_id,
          at: r.at,
          actor: r.actor,
          action: r.action,
          before: r.before === null ? null : JSON.parse(r.before),
          after: r.after === null ? null : JSON.parse(r.after),
        });
      }
      return map;
    },
    async versionOf(livemode, id) {
      return versionOf.get(id, livemode ? 1 : 0) as number | undefined;
    },
    async count(livemode) {
      return (count.get(livemode ? 1 : 0) as { n: number }).n;
    },
    async decided(livemode, after, limit) {
      const rows = decidedPage.all({ ...cursorParams(livemode, after), limit }) as {
        id: string;
        package: VerificationRecord['package'];
        created_at: number;
        decided_at: number;
        decision: string;
        checks: string;
      }[];
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
      return decidedCount.get(cursorParams(livemode, after)) as number;
    },
  };
}
