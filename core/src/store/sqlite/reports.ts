import type Database from 'better-sqlite3';
import type { ReportRecord, ReportStore, SigningKeyRecord } from '../report-store.js';
import { type KeyRow, keyFromRow } from '../rows/reports.js';

interface ReportRow {
  verification_id: string;
  livemode: number;
  kid: string;
  dossier: string;
  jws: string;
  pdf: Buffer;
  pdf_sha256: string;
  created_at: number;
}

const reportFromRow = (r: ReportRow): ReportRecord => ({
  verificationId: r.verification_id,
  livemode: r.livemode === 1,
  kid: r.kid,
  dossier: r.dossier,
  jws: r.jws,
  pdf: r.pdf,
  pdfSha256: r.pdf_sha256,
  createdAt: r.created_at,
});

/** The signing_keys and reports tables. */
export function sqliteReportStore(db: Database.Database): ReportStore {
  const keys = db.prepare('SELECT * FROM signing_keys ORDER BY seq');
  const insertKey = db.prepare(`INSERT INTO signing_keys (kid, public_jwk, sealed_private, created_at)
    VALUES (@kid, @public_jwk, @sealed_private, @created_at)`);
  const retireOthers = db.prepare('UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL AND kid != ?');
  const countKeys = db.prepare('SELECT count(*) FROM signing_keys').pluck();
  const get = db.prepare('SELECT * FROM reports WHERE verification_id = ? AND livemode = ?');
  const getAny = db.prepare('SELECT * FROM reports WHERE verification_id = ?');
  const insert = db.prepare(`INSERT INTO reports (verification_id, livemode, kid, dossier, jws, pdf, pdf_sha256,
    created_at) VALUES (@verification_id, @livemode, @kid, @dossier, @jws, @pdf, @pdf_sha256, @created_at)
    ON CONFLICT (verification_id) DO NOTHING`);
  const cursor = db.prepare('SELECT seq FROM report_cursor WHERE id = 1').pluck();
  const events = db.prepare(`SELECT seq, type, verification_id, livemode FROM events WHERE seq > ?
    ORDER BY seq LIMIT ?`);
  const advance = db.prepare('UPDATE report_cursor SET seq = max(seq, ?) WHERE id = 1');

  const keyRow = (k: SigningKeyRecord) => ({
    kid: k.kid,
    public_jwk: JSON.stringify(k.publicJwk),
    sealed_private: k.sealedPrivate,
    created_at: k.createdAt,
  });
  const rotate = db.transaction((k: SigningKeyRecord) => {
    insertKey.run(keyRow(k));
    retireOthers.run(k.createdAt, k.kid);
  });
  const insertFirst = db.transaction((k: SigningKeyRecord) => {
    if ((countKeys.get() as number) === 0) insertKey.run(keyRow(k));
  });
  const insertReport = db.transaction((r: ReportRecord) => {
    insert.run({
      verification_id: r.verificationId,
      livemode: r.livemode ? 1 : 0,
      kid: r.kid,
      dossier: r.dossier,
      jws: r.jws,
      pdf: r.pdf,
      pdf_sha256: r.pdfSha256,
      created_at: r.createdAt,
    });
    return reportFromRow(getAny.get(r.verificationId) as ReportRow);
  });

  return {
    async keys() {
      return (keys.all() as KeyRow[]).map(keyFromRow);
    },
    async rotateTo(key) {
      rotate(key);
    },
    async insertFirstKey(key) {
      insertFirst(key);
    },
    async get(livemode, verificationId) {
      const r = get.get(verificationId, livemode ? 1 : 0) as ReportRow | undefined;
      return r && reportFromRow(r);
    },
    async insert(report) {
      return insertReport(report);
    },
    async pending(limit) {
      const from = cursor.get() as number;
      const rows = events.all(from, limit) as {
        seq: number;
        type: string;
        verification_id: string | null;
        livemode: number;
      }[];
      const decisions = rows
        .filter((r) => r.type === 'verification.completed' && r.verification_id !== null)
        .map((r) => ({ id: r.verification_id as string, livemode: r.livemode === 1 }));
      return { decisions, upTo: rows.at(-1)?.seq ?? from, read: rows.length };
    },
    async advanceCursor(seq) {
      advance.run(seq);
    },
  };
}
