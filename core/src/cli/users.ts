import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { USER_ROLES, UserError, Users } from '../auth/users.js';
import { rfc3339, systemClock } from '../domain/clock.js';
import { openStore } from '../services.js';
import type { UserRecord, UserRole } from '../store/user-store.js';
import { COMMON_OPTIONS, envWith, parse, UsageError } from './args.js';

export const USERS_HELP = `keybs users create --email E --name N --role admin|analyst [--password-stdin] [--json]
  Without --password-stdin a strong password is generated and shown only now.
keybs users list [--json]
keybs users disable EMAIL            no more sign-in, no new review assignments
keybs users set-password EMAIL --password-stdin`;

const publicView = (u: UserRecord) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  created_at: rfc3339(u.createdAt),
  disabled_at: u.disabledAt === null ? null : rfc3339(u.disabledAt),
});

async function passwordFromStdin(): Promise<string> {
  return (await text(process.stdin)).replace(/\r?\n$/, '');
}

export async function users(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    ...COMMON_OPTIONS,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const [action, email] = positionals;
  if (values.help || !action) return void console.log(USERS_HELP);
  const store = openStore(envWith(values));
  const service = new Users(store.users, systemClock);
  try {
    switch (action) {
      case 'create': {
        if (!values.email || !values.name) throw new UsageError('users create needs --email and --name');
        if (!USER_ROLES.includes(values.role as UserRole)) {
          throw new UsageError(`users create needs --role ${USER_ROLES.join('|')}`);
        }
        const generated = !values['password-stdin'];
        const password = generated ? randomBytes(18).toString('base64url') : await passwordFromStdin();
        const user = await service.create({
          email: values.email,
          name: values.name,
          role: values.role as UserRole,
          password,
        });
        if (values.json) console.log(JSON.stringify({ ...publicView(user), ...(generated && { password }) }));
        else {
          console.log(`created ${user.role} ${user.name} <${user.email}> (${user.id})`);
          if (generated) console.log(`the password is shown only now:\n  ${password}`);
        }
        return;
      }
      case 'list': {
        const all = await service.list();
        if (values.json) console.log(JSON.stringify(all.map(publicView)));
        else {
          for (const u of all) {
            const state = u.disabledAt === null ? 'active' : `disabled ${rfc3339(u.disabledAt)}`;
            console.log(`${u.id}  ${u.role.padEnd(7)}  ${u.email}  ${u.name}  ${state}`);
          }
        }
        return;
      }
      case 'disable': {
        if (!email) throw new UsageError('users disable needs the EMAIL');
        const user = await service.disable(email);
        console.log(`disabled ${user.email}`);
        return;
      }
      case 'set-password': {
        if (!email || !values['password-stdin'])
          throw new UsageError('users set-password needs EMAIL --password-stdin');
        await service.setPassword(email, await passwordFromStdin());
        console.log(`password of ${email} changed`);
        return;
      }
      default:
        throw new UsageError(`unknown users command '${action}'\n${USERS_HELP}`);
    }
  } catch (error) {
    if (error instanceof UserError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
