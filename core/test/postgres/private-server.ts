import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/pg-test-server.sh', import.meta.url));

/** Whether Debian's PostgreSQL server binaries are installed (what scripts/pg-test-server.sh needs). */
export function postgresInstalled(): boolean {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(`${root}/${v}/bin/initdb`));
}

/** A PostgreSQL server of the test's own (scripts/pg-test-server.sh), which the test may shut down and restart. */
export interface PrivateServer {
  url: string;
  /** Shuts the server down (fast mode: open connections are terminated), keeping its data. */
  pause(): void;
  /** Starts it again on the same port. */
  resume(): void;
  remove(): void;
}

export function startPrivateServer(): PrivateServer {
  const out = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The script prints the URL on stdout and its dir on stderr; the dir is in the URL's socket folder too, but
  // execFileSync drops stderr on success, so ask the server for it instead.
  const url = out.trim();
  const dir = execFileSync('psql', [url, '-Atc', 'SHOW data_directory'], { encoding: 'utf8' }).trim();
  const home = dir.replace(/\/data$/, '');
  return {
    url,
    pause: () => void execFileSync('bash', [SCRIPT, 'pause', home], { stdio: 'ignore' }),
    resume: () => void execFileSync('bash', [SCRIPT, 'resume', home], { stdio: 'ignore' }),
    remove: () => void execFileSync('bash', [SCRIPT, 'stop', home], { stdio: 'ignore' }),
  };
}
