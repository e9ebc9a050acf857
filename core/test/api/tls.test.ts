import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/observability/logger.js';
import { startHub } from '../../src/server.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { selfSignedCert } from '../helpers/self-signed.js';

const dir = mkdtempSync(join(tmpdir(), 'keybs-tls-'));
const { cert, key } = selfSignedCert(dir);
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ env: { KEYBS_TLS_CERT: cert, KEYBS_TLS_KEY: key } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const port = () => new URL(t.url).port;

function get(path: string): Promise<{ status: number; protocol: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: port(),
        path,
        ca: readFileSync(cert),
        headers: { authorization: `Bearer ${t.testKey}` },
      },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol() ?? '';
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, protocol, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS with TLS 1.3 when KEYBS_TLS_CERT and KEYBS_TLS_KEY are set', async () => {
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get('/v1/coverage?limit=1');
    expect(r).toMatchObject({ status: 200, protocol: 'TLSv1.3' });
  });

  it('refuses a client that offers TLS 1.2 at most', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port: Number(port()),
        ca: readFileSync(cert),
        maxVersion: 'TLSv1.2',
      });
      socket.once('secureConnect', () => {
        resolve(`connected with ${socket.getProtocol()}`);
        socket.destroy();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    expect(outcome).toMatch(/ERR_SSL|alert|version/i);
  });

  it('refuses to start with only one of the two files, or an unreadable one', async () => {
    await expect(
      startHub({
        env: parseEnv({ KEYBS_DATA_DIR: join(dir, 'a'), PORT: '0', KEYBS_TLS_CERT: cert }),
        logger: silentLogger,
      }),
    ).rejects.toThrow('KEYBS_TLS_CERT and KEYBS_TLS_KEY must be set together');
    await expect(
      startHub({
        env: parseEnv({
          KEYBS_DATA_DIR: join(dir, 'b'),
          PORT: '0',
          KEYBS_TLS_CERT: join(dir, 'nope.pem'),
          KEYBS_TLS_KEY: key,
        }),
        logger: silentLogger,
      }),
    ).rejects.toThrow(/cannot read the TLS certificate/);
  });
});
