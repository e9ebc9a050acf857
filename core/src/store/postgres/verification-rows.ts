import type { AuditEntry, CheckRecord, VerificationRecord } from '../records.js';
import {
  CHECK_COLUMNS,
  type CheckRow,
  COLUMNS,
  checkFromRow,
  checkToRow,
  fromRow as fromSqliteRow,
  type VerificationRow as SqliteVerificationRow,
  toRow as toSqliteRow,
} from '../sqlite/verification-rows.js';

/**
 * The verification and check rows are the SQLite backend's (one mapping of JSON columns for both backends),
 * except that `livemode` is a BOOLEAN here.
 */
export type VerificationRow = Omit<SqliteVerificationRow, 'livemode'> & { livemode: boolean };

export { CHECK_COLUMNS, type CheckRow, COLUMNS, checkFromRow };

export const fromRow = (r: VerificationRow): VerificationRecord =>
  fromSqliteRow({ ...r, livemode: r.livemode ? 1 : 0 });

/** The values of `columns` for this record, in that order. */
export function valuesOf(v: VerificationRecord, columns: readonly string[]): unknown[] {
  const row: Record<string, unknown> = { ...toSqliteRow(v), livemode: v.livemode };
  return columns.map((c) => row[c]);
}

export const checkValues = (c: CheckRecord): unknown[] => {
  const row: Record<string, unknown> = { ...checkToRow(c) };
  return CHECK_COLUMNS.map((name) => row[name]);
};

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

export const INSERT_VERIFICATION = `INSERT INTO verifications (${COLUMNS.join(', ')}) VALUES (${placeholders(COLUMNS.length)})`;

/** What makes an insert of checks an insert-or-replace (a check's key is verification_id and type). */
export const ON_CHECK_CONFLICT = `ON CONFLICT (verification_id, type) DO UPDATE SET ${CHECK_COLUMNS.filter(
  (c) => c !== 'verification_id' && c !== 'type',
)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

/** Insert or replace a check. */
export const UPSERT_CHECK = `INSERT INTO checks (${CHECK_COLUMNS.join(', ')}) VALUES (${placeholders(CHECK_COLUMNS.length)})
  ${ON_CHECK_CONFLICT}`;

/** Update a check in place (the SQLite store's transition does the same: it never inserts a check). */
const CHECK_FIELDS = CHECK_COLUMNS.filter((c) => c !== 'verification_id' && c !== 'type');
export const UPDATE_CHECK = `UPDATE checks SET ${CHECK_FIELDS.map((c, i) => `${c} = $${i + 3}`).join(', ')}
  WHERE verification_id = $1 AND type = $2`;
export const updateCheckValues = (c: CheckRecord): unknown[] => {
  const row: Record<string, unknown> = { ...checkToRow(c) };
  return [c.verificationId, c.type, ...CHECK_FIELDS.map((name) => row[name])];
};

export interface AuditRow {
  verification_id: string;
  at: number;
  actor: string;
  action: AuditEntry['action'];
  before: string | null;
  after: string | null;
}

export const auditFromRow = (r: AuditRow): AuditEntry => ({
  verificationId: r.verification_id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
});

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
export const auditValues = (a: AuditEntry): unknown[] => [
  a.verificationId,
  a.at,
  a.actor,
  a.action,
  json(a.before),
  json(a.after),
];
