import type { DocumentChecks } from '@keybs/contract';
import type { DocumentRecord, DocumentStore } from '../document-store.js';
import { UNCHECKED } from '../rows/documents.js';
import type { PgDb } from './db.js';

interface DocumentRow {
  id: string;
  livemode: boolean;
  verification_id: string;
  type: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  duplicate_of: string | null;
  checks: string | null;
  score: number | null;
  wrapped_key: string;
  created_at: number;
  purged_at: number | null;
}

const fromRow = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  livemode: r.livemode,
  verificationId: r.verification_id,
  type: r.type as DocumentRecord['type'],
  filename: r.filename,
  contentType: r.content_type as DocumentRecord['contentType'],
  size: r.size,
  sha256: r.sha256,
  duplicateOf: r.duplicate_of,
  checks: r.checks === null ? UNCHECKED : (JSON.parse(r.checks) as DocumentChecks),
  wrappedKey: r.wrapped_key,
  createdAt: r.created_at,
  purgedAt: r.purged_at,
});

/** The documents table. */
export function pgDocumentStore(db: PgDb): DocumentStore {
  return {
    async insert(d) {
      await db.run(
        `INSERT INTO documents (id, livemode, verification_id, type, filename, content_type, size, sha256,
          duplicate_of, checks, score, wrapped_key, created_at, purged_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          d.id,
          d.livemode,
          d.verificationId,
          d.type,
          d.filename,
          d.contentType,
          d.size,
          d.sha256,
          d.duplicateOf,
          JSON.stringify(d.checks),
          d.checks.score,
          d.wrappedKey,
          d.createdAt,
          d.purgedAt,
        ],
      );
    },
    async get(livemode, verificationId, id) {
      const r = await db.one<DocumentRow>(
        'SELECT * FROM documents WHERE id = $1 AND verification_id = $2 AND livemode = $3',
        [id, verificationId, livemode],
      );
      return r && fromRow(r);
    },
    async list(livemode, verificationId) {
      const rows = await db.query<DocumentRow>(
        'SELECT * FROM documents WHERE verification_id = $1 AND livemode = $2 ORDER BY seq',
        [verificationId, livemode],
      );
      return rows.map(fromRow);
    },
    async firstWithSha256(verificationId, sha256) {
      const r = await db.one<{ id: string }>(
        'SELECT id FROM documents WHERE verification_id = $1 AND sha256 = $2 ORDER BY seq LIMIT 1',
        [verificationId, sha256],
      );
      return r?.id;
    },
    async otherVerificationWithSha256(livemode, verificationId, sha256) {
      const r = await db.one<{ verification_id: string }>(
        `SELECT verification_id FROM documents WHERE livemode = $1 AND sha256 = $2 AND verification_id != $3
          ORDER BY seq LIMIT 1`,
        [livemode, sha256, verificationId],
      );
      return r?.verification_id;
    },
    async scoresOf(verificationId) {
      const rows = await db.query<{ score: number | null }>(
        'SELECT score FROM documents WHERE verification_id = $1 ORDER BY seq',
        [verificationId],
      );
      return rows.map((r) => r.score);
    },
    async duePurge(decidedBefore, limit) {
      const rows = await db.query<DocumentRow>(
        `SELECT d.* FROM documents d JOIN verifications v ON v.id = d.verification_id
          WHERE d.purged_at IS NULL
            AND coalesce(v.decided_at, CASE WHEN v.status = 'cancelled' THEN v.updated_at END) < $1
          ORDER BY d.seq LIMIT $2`,
        [decidedBefore, limit],
      );
      return rows.map(fromRow);
    },
    async markPurged(ids, at) {
      await db.run('UPDATE documents SET purged_at = $1 WHERE id = ANY($2) AND purged_at IS NULL', [at, ids]);
    },
  };
}
