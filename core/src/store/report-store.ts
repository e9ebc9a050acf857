export interface SigningKeyRecord {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  /** The public JWK (`kty: OKP`, `crv: Ed25519`). */
  publicJwk: Record<string, unknown>;
  /** The private JWK as JSON, sealed with the master key (context: the kid). */
  sealedPrivate: string;
  createdAt: number;
  /** Set when a newer key took over; a retired key still verifies the reports it signed. */
  retiredAt: number | null;
}

export interface ReportRecord {
  verificationId: string;
  livemode: boolean;
  kid: string;
  /** The dossier exactly as signed (the JWS payload). */
  dossier: string;
  jws: string;
  pdf: Buffer;
  pdfSha256: string;
  createdAt: number;
}

/** Signing keys and the signed reports. */
export interface ReportStore {
  /** Every key, oldest first. */
  keys(): Promise<SigningKeyRecord[]>;
  /** Adds `key` as the current one and retires the one before, in one transaction. */
  rotateTo(key: SigningKeyRecord): Promise<void>;
  /** Adds the first key unless one exists (two processes starting at once keep one). */
  insertFirstKey(key: SigningKeyRecord): Promise<void>;
  get(livemode: boolean, verificationId: string): Promise<ReportRecord | undefined>;
  /** Stores the report unless one exists; returns the stored one (the first writer wins: byte-stable). */
  insert(report: ReportRecord): Promise<ReportRecord>;
  /**
   * Decisions after the generator's cursor, in log order, with the sequence number to move the cursor to
   * once their reports are stored (`upTo`: the last event read, even when none of them was a decision).
   */
  pending(limit: number): Promise<{ decisions: { id: string; livemode: boolean }[]; upTo: number; read: number }>;
  advanceCursor(seq: number): Promise<void>;
}
