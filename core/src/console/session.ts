import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Clock } from '../domain/clock.js';
import type { ConsoleSessionRecord, ConsoleStore } from '../store/console-store.js';
import type { UserRecord, UserStore } from '../store/user-store.js';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** A session ends after this long without a request, and in any case this long after sign-in. */
export const IDLE_MS = 8 * 3_600_000;
export const ABSOLUTE_MS = 24 * 3_600_000;

export type SignInResult =
  | { kind: 'signed_in'; token: string; user: UserRecord }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: number };

export interface ActiveSession {
  session: ConsoleSessionRecord;
  user: UserRecord;
  /** The flash message left by the previous request, taken now. */
  flash: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Console sign-in: passwords checked with scrypt, lockout after repeated failures, server-side sessions whose
 * cookie token is stored only as a hash.
 */
export class ConsoleSessions {
  /** Verified against when the email is unknown, so an unknown email costs the same time as a wrong password. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly users: UserStore,
    private readonly clock: Clock,
  ) {}

  async signIn(email: string, password: string): Promise<SignInResult> {
    const now = this.clock.now();
    const user = await this.users.byEmail(email.trim());
    if (!user || user.disabledAt !== null) {
      this.decoy ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.decoy);
      return { kind: 'invalid' };
    }
    // A locked account is not even checked: guessing goes on being useless until the lock ends.
    if (user.lockedUntil !== null && user.lockedUntil > now) return { kind: 'locked', until: user.lockedUntil };
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failed = user.failedSignIns + 1;
      if (failed >= MAX_FAILED_SIGN_INS) {
        const until = now + LOCKOUT_MS;
        await this.users.update(user.id, { failedSignIns: 0, lockedUntil: until });
        return { kind: 'locked', until };
      }
      await this.users.update(user.id, { failedSignIns: failed, lockedUntil: null });
      return { kind: 'invalid' };
    }
    if (user.failedSignIns !== 0 || user.lockedUntil !== null) {
      await this.users.update(user.id, { failedSignIns: 0, lockedUntil: null });
    }
    await this.store.purgeSessions(now, IDLE_MS);
    const token = randomBytes(32).toString('base64url');
    await this.store.insertSession({
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + ABSOLUTE_MS,
      flash: null,
    });
    return { kind: 'signed_in', token, user };
  }

  /** The live session of a cookie token, or undefined (unknown, expired, idle too long, user disabled). */
  async resolve(token: string | undefined): Promise<ActiveSession | undefined> {
    if (!token) return undefined;
    const hash = hashToken(token);
    const session = await this.store.session(hash);
    if (!session) return undefined;
    const now = this.clock.now();
    const user = await this.users.byId(session.userId);
    if (session.expiresAt <= now || session.lastSeenAt + IDLE_MS <= now || !user || user.disabledAt !== null) {
      await this.store.deleteSession(hash);
      return undefined;
    }
    const flash = await this.store.touchSession(hash, now);
    return { session: { ...session, lastSeenAt: now, flash: null }, user, flash };
  }

  flash(session: ConsoleSessionRecord, message: string): Promise<void> {
    return this.store.setFlash(session.tokenHash, message);
  }

  signOut(session: ConsoleSessionRecord): Promise<void> {
    return this.store.deleteSession(session.tokenHash);
  }
}
