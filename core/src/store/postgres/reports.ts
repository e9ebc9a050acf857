import type { ReportRecord, ReportStore, SigningKeyRecord } from '../report-store.js';
import { type KeyRow, keyFromRow } from '../rows/reports.js';
import type { PgDb, Sql } from './db.js';

interface ReportRow {
  verification_id: string;
  livemode: boolean;
  kid: string;
  dossier: string;
  jws: string;
  pdf: Buffer;
  pdf_sha256: string;
  created_at: number;
}

const reportFromRow = (r: ReportRow): ReportRecord => ({
  verificationId: r.verification_id,
  livemode: r.livemode,
  kid: r.kid,
  dossier: r.dossier,
  jws: r.jws,
  pdf: r.pdf,
  pdfSha256: r.pdf_sha256,
  createdAt: r.created_at,
});

/** Serializes the "first key" check of processes starting at once. */
const FIRST_KEY_LOCK = 7_242_002;

const insertKey = (sql: Sql, k: SigningKeyRecord) =>
  sql.run('INSERT INTO signing_keys (kid, public_jwk, sealed_private, created_at) VALUES ($1, $2, $3, $4)', [
    k.kid,
    JSON.stringify(k.publicJwk),
    k.sealedPrivate,
    k.createdAt,
  ]);

/** The signing_keys and reports tables, and the report generator's cursor. */
export function pgReportStore(db: PgDb): ReportStore {
  return {
    async keys() {
      return (await db.query<KeyRow>('SELECT * FROM signing_keys ORDER BY seq')).map(keyFromRow);
    },
    async rotateTo(key) {
      await db.tx(async (sql) => {
        await insertKey(sql, key);
        await sql.run('UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL AND kid != $2', [
          key.createdAt,
          key.kid,
        ]);
      });
    },
    async insertFirstKey(key) {
      await db.tx(async (sql) => {
        await sql.query('SELECT pg_advisory_xact_lock($1)', [FIRST_KEY_LOCK]);
        const [row] = await sql.query<{ n: number }>('SELECT count(*) AS n FROM signing_keys');
        if ((row?.n ?? 0) === 0) await insertKey(sql, key);
      });
    },
    async get(livemode, verificationId) {
      const r = await db.one<ReportRow>('SELECT * FROM reports WHERE verification_id = $1 AND livemode = $2', [
        verificationId,
        livemode,
      ]);
      return r && reportFromRow(r);
    },
    async insert(r) {
      await db.run(
        `INSERT INTO reports (verification_id, livemode, kid, dossier, jws, pdf, pdf_sha256, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (verification_id) DO NOTHING`,
        [r.verificationId, r.livemode, r.kid, r.dossier, r.jws, r.pdf, r.pdfSha256, r.createdAt],
      );
      // The first writer wins: whoever inserted, the stored report is the one every reader gets.
      const stored = await db.one<ReportRow>('SELECT * FROM reports WHERE verification_id = $1', [r.verificationId]);
      if (!stored) throw new Error(`report of ${r.verificationId} vanished after insert`);
      return reportFromRow(stored);
    },
    async pending(limit) {
      const cursor = await db.one<{ seq: number }>('SELECT seq FROM report_cursor WHERE id = 1');
      const from = cursor?.seq ?? 0;
      const rows = await db.query<{ seq: number; type: string; verification_id: string | null; livemode: boolean }>(
        'SELECT seq, type, verification_id, livemode FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [from, limit],
      );
      const decisions = rows.flatMap((r) =>
        r.type === 'verification.completed' && r.verification_id !== null
          ? [{ id: r.verification_id, livemode: r.livemode }]
          : [],
      );
      return { decisions, upTo: rows.at(-1)?.seq ?? from, read: rows.length };
    },
    async advanceCursor(seq) {
      await db.run('UPDATE report_cursor SET seq = greatest(seq, $1) WHERE id = 1', [seq]);
    },
  };
}
