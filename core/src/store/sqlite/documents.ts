import type { DocumentChecks } from '@keybs/contract';
import type Database from 'better-sqlite3';
import type { DocumentRecord, DocumentStore } from '../document-store.js';
import { UNCHECKED } from '../rows/documents.js';

interface DocumentRow {
  id: string;
  livemode: number;
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

function fromRow(r: DocumentRow): DocumentRecord {
  return {
    id: r.id,
    livemode: r.livemode === 1,
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
  };
}

function toRow(d: DocumentRecord): DocumentRow {
  return {
    id: d.id,
    livemode: d.livemode ? 1 : 0,
    verification_id: d.verificationId,
    type: d.type,
    filename: d.filename,
    content_type: d.contentType,
    size: d.size,
    sha256: d.sha256,
    duplicate_of: d.duplicateOf,
    checks: JSON.stringify(d.checks),
    score: d.checks.score,
    wrapped_key: d.wrappedKey,
    created_at: d.createdAt,
    purged_at: d.purgedAt,
  };
}

/** The documents table. */
export function sqliteDocumentStore(db: Database.Database): DocumentStore {
  const insert = db.prepare(`INSERT INTO documents (id, livemode, verification_id, type, filename, content_type, size,
    sha256, duplicate_of, checks, score, wrapped_key, created_at, purged_at) VALUES (@id, @livemode, @verification_id,
    @type, @filename, @content_type, @size, @sha256, @duplicate_of, @checks, @score, @wrapped_key, @created_at,
    @purged_at)`);
  const get = db.prepare('SELECT * FROM documents WHERE id = ? AND verification_id = ? AND livemode = ?');
  const list = db.prepare('SELECT * FROM documents WHERE verification_id = ? AND livemode = ? ORDER BY seq');
  const bySha = db.prepare('SELECT id FROM documents WHERE verification_id = ? AND sha256 = ? ORDER BY seq LIMIT 1');
  const other = db.prepare(`SELECT verification_id FROM documents WHERE livemode = ? AND sha256 = ?
    AND verification_id != ? ORDER BY seq LIMIT 1`);
  const scores = db.prepare('SELECT score FROM documents WHERE verification_id = ? ORDER BY seq');
  const due = db.prepare(`SELECT d.* FROM documents d JOIN verifications v ON v.id = d.verification_id
    WHERE d.purged_at IS NULL AND coalesce(v.decided_at, CASE WHEN v.status = 'cancelled' THEN v.updated_at END) < ?
    ORDER BY d.seq LIMIT ?`);
  const markPurged = db.prepare('UPDATE documents SET purged_at = ? WHERE id = ? AND purged_at IS NULL');
  const markAll = db.transaction((ids: string[], at: number) => {
    for (const id of ids) markPurged.run(at, id);
  });
  return {
    async insert(doc) {
      insert.run(toRow(doc));
    },
    async get(livemode, verificationId, id) {
      const r = get.get(id, verificationId, livemode ? 1 : 0) as DocumentRow | undefined;
      return r && fromRow(r);
    },
    async list(livemode, verificationId) {
      return (list.all(verificationId, livemode ? 1 : 0) as DocumentRow[]).map(fromRow);
    },
    async firstWithSha256(verificationId, sha256) {
      return (bySha.get(verificationId, sha256) as { id: string } | undefined)?.id;
    },
    async otherVerificationWithSha256(livemode, verificationId, sha256) {
      const r = other.get(livemode ? 1 : 0, sha256, verificationId) as { verification_id: string } | undefined;
      return r?.verification_id;
    },
    async scoresOf(verificationId) {
      return (scores.all(verificationId) as { score: number | null }[]).map((r) => r.score);
    },
    async duePurge(decidedBefore, limit) {
      return (due.all(decidedBefore, limit) as DocumentRow[]).map(fromRow);
    },
    async markPurged(ids, at) {
      markAll(ids, at);
    },
  };
}
