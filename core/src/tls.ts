import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { ConfigError, type Env } from './config/env.js';

/**
 * The hub's HTTP server: plain HTTP, or HTTPS with TLS 1.3 only when `KEYBS_TLS_CERT` and `KEYBS_TLS_KEY`
 * name PEM files (older protocol versions are refused in the handshake).
 */
export function createServer(env: Env, app: RequestListener): { server: Server; scheme: 'http' | 'https' } {
  const certFile = env.KEYBS_TLS_CERT;
  const keyFile = env.KEYBS_TLS_KEY;
  if (!certFile && !keyFile) return { server: createHttpServer(app), scheme: 'http' };
  if (!certFile || !keyFile) throw new ConfigError('KEYBS_TLS_CERT and KEYBS_TLS_KEY must be set together');
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  const server = createHttpsServer(
    { cert: read(certFile, 'certificate'), key: read(keyFile, 'key'), minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' },
    app,
  );
  return { server, scheme: 'https' };
}
