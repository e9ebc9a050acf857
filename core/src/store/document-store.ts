import type { DocumentChecks, DocumentMediaType, DocumentType } from '@keybs/contract';

export interface DocumentRecord {
  id: string;
  livemode: boolean;
  verificationId: string;
  type: DocumentType;
  filename: string;
  contentType: DocumentMediaType;
  size: number;
  /** Hex SHA-256 of the plaintext. */
  sha256: string;
  duplicateOf: string | null;
  /** What the content says against the order; its `score` feeds the verification's `document_score`. */
  checks: DocumentChecks;
  /** The document's own AES key, sealed with the master key (context: the document id). */
  wrappedKey: string;
  createdAt: number;
  purgedAt: number | null;
}

/** Metadata of uploaded documents; the content itself is a file the domain writes. */
export interface DocumentStore {
  insert(doc: DocumentRecord): Promise<void>;
  get(livemode: boolean, verificationId: string, id: string): Promise<DocumentRecord | undefined>;
  /** Oldest first. */
  list(livemode: boolean, verificationId: string): Promise<DocumentRecord[]>;
  /** The earliest document of the verification with this content, if any. */
  firstWithSha256(verificationId: string, sha256: string): Promise<string | undefined>;
  /** Another verification of the environment that received a file with this content, if any. */
  otherVerificationWithSha256(livemode: boolean, verificationId: string, sha256: string): Promise<string | undefined>;
  /** The scores of the verification's documents, oldest first (null: could not be judged). */
  scoresOf(verificationId: string): Promise<(number | null)[]>;
  /** Unpurged documents of verifications decided before `decidedBefore`. */
  duePurge(decidedBefore: number, limit: number): Promise<DocumentRecord[]>;
  markPurged(ids: string[], at: number): Promise<void>;
}
