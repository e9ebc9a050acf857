#!/usr/bin/env node
// `npm test`: lint and format check, build (strict type check), every vitest suite on SQLite, then the store,
// API and console suites again on PostgreSQL when it is installed.
// Ends with the line `N passed, N failed` that CI reads, and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const step = (name, command, args) => {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
};

let passed = 0;
let failed = 0;
const count = (ok) => (ok ? passed++ : failed++);

count(step('lint', 'npx', ['biome', 'check', '.']));
const built = step('build', 'npx', ['tsc', '-b']);
count(built);

mkdirSync('.test-results', { recursive: true });

/** Runs vitest with a JSON report and adds its counts; a suite that failed to load counts as one failure. */
function vitest(name, report, args, env = process.env) {
  rmSync(report, { force: true });
  console.log(`\n== ${name}`);
  spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...args], {
    stdio: 'inherit',
    env,
  });
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    failed += json.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  } catch (error) {
    console.error(`no vitest report (${error.message})`);
    failed += 1;
  }
}

const extra = process.argv.slice(2);
const E2E_ON_POSTGRES = [
  'scale-out',
  'cli-migrate',
  'contract',
  'webhooks-crash',
  'worker-resume',
  'reports',
  'plugins-serve',
];
vitest('vitest (SQLite)', '.test-results/vitest.json', extra);

// The store and API suites again on PostgreSQL, when Debian's PostgreSQL is installed (.ci/run installs it).
// KEYBS_SKIP_POSTGRES=1 skips this pass.
if (extra.length === 0 && process.env.KEYBS_SKIP_POSTGRES !== '1') {
  const server = spawnSync('scripts/pg-test-server.sh', [], { encoding: 'utf8' });
  if (server.status !== 0 && /no PostgreSQL found/.test(server.stderr)) {
    console.log(`\n== PostgreSQL pass skipped: ${server.stderr.trim()}`);
  } else if (server.status !== 0) {
    console.error(`\n== PostgreSQL did not start: ${server.stderr.trim()}`);
    failed += 1;
  } else {
    const url = server.stdout.trim();
    const dir = server.stderr.trim().split('\n').at(-1);
    try {
      vitest(
        'vitest (PostgreSQL)',
        '.test-results/vitest-postgres.json',
        // The end-to-end tests that start hubs and the CLI as users do (test/helpers/spawn-hub.ts points them
        // at PostgreSQL), but those about SQLite files (crash, backup, sanctions files).
        ['core/test', 'test/console', ...E2E_ON_POSTGRES.map((name) => `test/e2e/${name}.test.ts`)],
        {
          ...process.env,
          KEYBS_TEST_DATABASE_URL: url,
        },
      );
    } finally {
      spawnSync('scripts/pg-test-server.sh', ['stop', dir], { stdio: 'inherit' });
    }
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
