import { ConfigError } from '../config/env.js';
import { ApiError } from '../domain/errors.js';
import { UsageError } from './args.js';
import { BACKUP_HELP, backup } from './backup.js';
import { KEYS_HELP, keys } from './keys.js';
import { MIGRATE_HELP, migrate } from './migrate.js';
import { pluginCommand } from './plugin-commands.js';
import { PLUGINS_HELP, plugins } from './plugins.js';
import { REGISTRY_HELP, registry } from './registry.js';
import { SANCTIONS_HELP, sanctions } from './sanctions.js';
import { SERVE_HELP, serve } from './serve.js';
import { SIGNING_KEYS_HELP, signingKeys } from './signing-keys.js';
import { USERS_HELP, users } from './users.js';
import { VERIFY_REPORT_HELP, verifyReportCommand } from './verify-report.js';

const HELP = `keybs: the KeyBS Hub command line

${SERVE_HELP}

${KEYS_HELP}

${BACKUP_HELP}

${MIGRATE_HELP}

${REGISTRY_HELP}

${SANCTIONS_HELP}

${USERS_HELP}

${SIGNING_KEYS_HELP}

${VERIFY_REPORT_HELP}

${PLUGINS_HELP}

Plugins enabled in the config file may add commands, e.g. keybs export run (warehouse-export); see their READMEs.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  plugins,
  serve,
  keys,
  backup,
  migrate,
  registry,
  sanctions,
  users,
  'signing-keys': signingKeys,
  'verify-report': verifyReportCommand,
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return void console.log(HELP);
  const run = COMMANDS[command];
  if (!run) {
    // A plugin enabled in the config file may offer it (e.g. `keybs export run`).
    if (await pluginCommand(command, rest)) return;
    throw new UsageError(`unknown command '${command}'; run 'keybs help'`);
  }
  await run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ApiError) {
    console.error(`keybs: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
