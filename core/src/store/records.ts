import type {
  Beneficiary,
  CheckStatus,
  CheckType,
  Decision,
  Environment,
  EventType,
  Package,
  Scope,
  VerificationStatus,
} from '@keybs/contract';
import type { Assessment } from '../domain/scoring.js';

/** Times are unix milliseconds in storage; the API formats them. */
export interface ApiKeyRecord {
  id: string;
  name: string | null;
  env: Environment;
  scopes: Scope[];
  prefix: string;
  secretHash: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  rotatedTo: string | null;
}

export interface VerificationRecord {
  id: string;
  livemode: boolean;
  status: VerificationStatus;
  supplier: string;
  countryCode: string;
  registrationId: string;
  package: Package;
  externalRef: string | null;
  metadata: Record<string, string>;
  beneficiaries: Beneficiary[];
  webhookUrl: string | null;
  /** The endpoint that receives this verification's events instead of all of the environment's. */
  webhookEndpointId: string | null;
  countryTier: 1 | 2 | 3;
  estimatedSla: string;
  dueAt: number;
  confidence: number | null;
  assignedReviewer: string | null;
  decision: Decision | null;
  /** The scoring model's output with each component's contribution, once the checks have run. */
  assessment: Assessment | null;
  createdAt: number;
  updatedAt: number;
  decidedAt: number | null;
  /** When an analyst claimed the review, and when it was escalated for being overdue. */
  reviewClaimedAt: number | null;
  reviewEscalatedAt: number | null;
  /** Bumped by every change (the store maintains it). */
  version: number;
  /** When the check worker should next look at it; null when it has nothing to do. */
  workAfter: number | null;
}

export interface CheckRecord {
  verificationId: string;
  type: CheckType;
  position: number;
  status: CheckStatus;
  outcome: string | null;
  summary: string | null;
  findings: Record<string, unknown> | null;
  attempts: number;
  nextAttemptAt: number | null;
  completedAt: number | null;
}

export interface EventRecord {
  seq: number;
  id: string;
  type: EventType;
  livemode: boolean;
  verificationId: string | null;
  payload: unknown;
  createdAt: number;
}

export type NewEvent = Omit<EventRecord, 'seq'>;

export interface StoredResponse {
  status: number;
  body: string;
  /** The request id of the response as first sent; a replay carries it again. */
  requestId: string;
}

export type IdempotencyClaim =
  | { kind: 'acquired' }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyRequest {
  env: Environment;
  key: string;
  fingerprint: string;
  now: number;
  lockUntil: number;
  /** Records older than this are treated as absent (24 h window). */
  expiredBefore: number;
}

export interface IdempotencyCompletion {
  env: Environment;
  key: string;
  response: StoredResponse;
}

export interface VerificationFilter {
  livemode: boolean;
  status?: VerificationStatus;
  countryCode?: string;
  externalRef?: string;
  limit: number;
  startingAfter?: string;
}

export interface AuditEntry {
  verificationId: string;
  at: number;
  actor: string;
  action: 'queued' | 'assigned' | 'claimed' | 'released' | 'escalated' | 'decided';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
