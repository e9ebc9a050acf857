import type { AddressInfo } from 'node:net';
import { buildApp } from './api/app.js';
import type { Services } from './api/services.js';
import type { Env } from './config/env.js';
import { loadConfigFile } from './config/file.js';
import type { Logger } from './observability/logger.js';
import { wire } from './services.js';
import { createServer } from './tls.js';
import { scheduleDocumentPurge } from './worker/document-purge.js';
import { startHousekeeping } from './worker/housekeeping.js';

export interface Hub {
  url: string;
  port: number;
  services: Services;
  /** Stops accepting, drains requests and checks in hand, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  env: Env;
  logger: Logger;
  /** Human-readable lines (the first key, `listening on …`). */
  print?: (line: string) => void;
  wiring?: Parameters<typeof wire>[2];
}

/** Starts a hub: migrations, first key, workers, then HTTP. */
export async function startHub({ env, logger, print = () => {}, wiring: wiringOptions }: StartOptions): Promise<Hub> {
  const config = loadConfigFile(env.KEYBS_CONFIG);
  const wiring = wire(env, logger, wiringOptions);
  const { services, worker, dispatcher, assigner, reporter } = wiring;
  try {
    await wiring.checkMasterKey();
    await services.plugins.load(config, env.KEYBS_CONFIG);
  } catch (error) {
    await services.store.close();
    throw error;
  }

  if ((await services.store.keys.count()) === 0) {
    const { secret } = await services.keys.create({ env: 'test', name: 'first test key' });
    print('No API keys yet: created a test-mode key with every scope. It is shown only this once:');
    print(`  ${secret}`);
  }

  // The report signing key exists from the first start, so the JWKS is published before any report.
  await services.signingKeys.signingKey();
  await services.sanctions.load();
  const stopWatchingLists = services.sanctions.watch(5_000, (error) =>
    logger.warn({ err: error }, 'sanctions list reload failed'),
  );
  const app = buildApp(services);
  const { server, scheme } = createServer(env, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const port = (server.address() as AddressInfo).port;
  const url = `${scheme}://127.0.0.1:${port}`;
  wiring.setPublicUrl(url);

  worker.start();
  dispatcher.start();
  services.plugins.start();
  assigner.start();
  reporter.start();
  const stopHousekeeping = startHousekeeping(services.store, services.clock, logger, services.reviews);
  const stopDocumentPurge = scheduleDocumentPurge(services.documents, services.clock, logger, services.store.locks, {
    schedule: env.KEYBS_DOCUMENT_PURGE_SCHEDULE,
    retentionDays: env.KEYBS_DOCUMENT_RETENTION_DAYS,
  });
  wiring.setReady(true);
  logger.info({ port, data_dir: env.KEYBS_DATA_DIR }, 'hub started');
  print(`listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      wiring.setReady(false);
      stopHousekeeping();
      stopDocumentPurge();
      stopWatchingLists();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = setTimeout(() => server.closeAllConnections(), env.KEYBS_SHUTDOWN_TIMEOUT_SECONDS * 1000);
      await drained;
      clearTimeout(timeout);
      await worker.stop();
      await dispatcher.stop();
      await services.plugins.stop();
      await assigner.stop();
      await reporter.stop();
      await services.store.close();
      logger.info('hub stopped');
    })());
  return { url, port, services, close };
}
