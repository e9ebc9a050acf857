import type { Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { UserRecord, UserRole, UserStore } from '../store/user-store.js';
import { hashPassword, passwordProblem } from './passwords.js';

export const USER_ROLES: readonly UserRole[] = ['admin', 'analyst'];

/** A request about users that cannot be met; the message says why. */
export class UserError extends Error {
  override name = 'UserError';
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Console users: admins run the hub, analysts work the review queue (and receive its assignments). */
export class Users {
  constructor(
    private readonly store: UserStore,
    private readonly clock: Clock,
  ) {}

  async create(input: NewUser): Promise<UserRecord> {
    const email = input.email.trim();
    const name = input.name.trim();
    if (!EMAIL.test(email)) throw new UserError(`'${input.email}' is not an email address`);
    if (name === '' || name.length > 100) throw new UserError('a name has 1 to 100 characters');
    if (!USER_ROLES.includes(input.role)) throw new UserError(`role must be one of ${USER_ROLES.join(', ')}`);
    const problem = passwordProblem(input.password);
    if (problem) throw new UserError(problem);
    const user: UserRecord = {
      id: newId('usr'),
      email,
      name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      failedSignIns: 0,
      lockedUntil: null,
      createdAt: this.clock.now(),
      disabledAt: null,
    };
    if (!(await this.store.insert(user))) throw new UserError(`a user with that email or name already exists`);
    return user;
  }

  list(): Promise<UserRecord[]> {
    return this.store.list();
  }

  /** A disabled user cannot sign in and receives no new reviews; what they hold stays theirs until released. */
  async disable(email: string): Promise<UserRecord> {
    const user = await this.store.byEmail(email);
    if (!user) throw new UserError(`no user with email '${email}'`);
    if (user.disabledAt === null) await this.store.update(user.id, { disabledAt: this.clock.now() });
    return (await this.store.byEmail(email)) ?? user;
  }

  async setPassword(email: string, password: string): Promise<void> {
    const user = await this.store.byEmail(email);
    if (!user) throw new UserError(`no user with email '${email}'`);
    const problem = passwordProblem(password);
    if (problem) throw new UserError(problem);
    await this.store.update(user.id, {
      passwordHash: await hashPassword(password),
      failedSignIns: 0,
      lockedUntil: null,
    });
  }
}
