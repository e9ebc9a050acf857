/** A signed-in console session, found by the SHA-256 of its cookie token. */
export interface ConsoleSessionRecord {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end; idle expiry is computed from `lastSeenAt`. */
  expiresAt: number;
  /** A one-shot message shown on the next page. */
  flash: string | null;
}

/** Counts behind the console dashboard, for one environment. */
export interface DashboardCounts {
  /** Verifications created per UTC day (day = unix ms / 86 400 000), since `since`. */
  perDay: { day: number; count: number }[];
  /** Completed decisions since `since` by recommendation. */
  decisions: { recommendation: string; count: number }[];
  /** Decision turnarounds (ms) since `since`, with the country tier. */
  turnarounds: { tier: number; ms: number }[];
  /** Current verifications by status. */
  statuses: { status: string; count: number }[];
}

export interface ConsoleStore {
  insertSession(session: ConsoleSessionRecord): Promise<void>;
  session(tokenHash: string): Promise<ConsoleSessionRecord | undefined>;
  /** Sets `lastSeenAt` and takes the flash message (clearing it). */
  touchSession(tokenHash: string, at: number): Promise<string | null>;
  setFlash(tokenHash: string, flash: string | null): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes sessions that ended before `now` (absolute or idle); returns how many. */
  purgeSessions(now: number, idleMs: number): Promise<number>;
  dashboard(livemode: boolean, since: number): Promise<DashboardCounts>;
}
