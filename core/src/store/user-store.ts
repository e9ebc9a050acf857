export type UserRole = 'admin' | 'analyst';

/** A person who signs in to the console: an admin, or an analyst working the review queue. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  failedSignIns: number;
  lockedUntil: number | null;
  createdAt: number;
  disabledAt: number | null;
}

export interface UserStore {
  /** False when the email is taken. */
  insert(user: UserRecord): Promise<boolean>;
  byEmail(email: string): Promise<UserRecord | undefined>;
  byId(id: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  update(
    id: string,
    patch: Partial<Pick<UserRecord, 'passwordHash' | 'failedSignIns' | 'lockedUntil' | 'disabledAt' | 'role' | 'name'>>,
  ): Promise<void>;
  /**
   * The active analyst holding the fewest open reviews (ties: the one created first), with the count.
   * `undefined` when there is no active analyst.
   */
  leastLoadedAnalyst(): Promise<{ name: string; open: number } | undefined>;
}
