/** A supplier as the procurement system records it: what KeyBS needs to verify it. */
export interface SupplierRecord {
  /** The procurement system's own id of the supplier (Coupa supplier id, Ariba supplier uniqueName). */
  key: string;
  name: string;
  /** ISO 3166-1 alpha-2, or null when the record has none. */
  country: string | null;
  /** Tax or company registration id, or null when the record has none. */
  registrationId: string | null;
}

/** An approval waiting for the API approver, with the suppliers of the document it approves. */
export interface PendingApproval {
  /** The id the system acts on (Coupa approval id; Ariba `requisitions/PR123`). */
  id: string;
  /** What a person calls it, for notes and the audit log (`requisition 2696`). */
  label: string;
  suppliers: SupplierRecord[];
}

/**
 * A procurement system in which the plugin is an approver. Every method is one or a few calls to the system;
 * failures are thrown as VendorError (retryable or not).
 */
export interface ApprovalSystem {
  readonly name: 'coupa' | 'ariba';
  pending(signal: AbortSignal): Promise<PendingApproval[]>;
  approve(id: string, note: string, signal: AbortSignal): Promise<void>;
  reject(id: string, note: string, signal: AbortSignal): Promise<void>;
  /** Parks the approval while KeyBS verifies (Coupa: hold; Ariba: a comment, it stays pending). */
  hold(id: string, note: string, signal: AbortSignal): Promise<void>;
}
