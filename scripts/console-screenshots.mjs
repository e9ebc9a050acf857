#!/usr/bin/env node
// Screenshots of every admin-console page (issue #9) into docs/console/*.png, for the README.
// Starts a hub from the build in a temp data dir, seeds it through the domain services (users, keys,
// verifications, a decided review, a webhook endpoint with a delivery to a local receiver), then drives
// Debian's Chromium with playwright-core.
//
//   npx tsc -b && node scripts/console-screenshots.mjs
//   KEYBS_CHROMIUM=/path/to/chromium node scripts/console-screenshots.mjs

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/console');
const core = (file) => import(pathToFileURL(path.join(ROOT, 'core/dist', file)).href);
const { parseEnv } = await core('config/env.js');
const { silentLogger } = await core('observability/logger.js');
const { startHub } = await core('server.js');

const ADMIN = { email: 'ada@example.com', name: 'Ada Lindqvist', password: 'screenshots only 2026', role: 'admin' };
const ANALYST = { email: 'omar@example.com', name: 'Omar Haddad', password: 'screenshots only 2026', role: 'analyst' };

async function until(probe, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keybs-shots-'));
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end('ok'));
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hub = await startHub({
  env: parseEnv({ KEYBS_DATA_DIR: dataDir, PORT: '0', KEYBS_LOG_LEVEL: 'silent', KEYBS_WORKER_POLL_MS: '50' }),
  logger: silentLogger,
});
const s = hub.services;
let browser;
try {
  await s.users.create(ADMIN);
  await s.users.create(ANALYST);
  const erp = await s.keys.create({ env: 'test', name: 'ERP sandbox' });
  await s.keys.rotate(erp.key.id, 24 * 3_600_000);
  await s.keys.create({ env: 'test', name: 'Zapier', scopes: ['verifications:read', 'webhooks:write'] });
  const old = await s.keys.create({ env: 'test', name: 'Old CI key' });
  await s.keys.revoke(old.key.id);
  await s.keys.create({ env: 'live', name: 'ERP production' });

  const endpoint = await s.webhooks.create(false, {
    url: `http://127.0.0.1:${receiver.address().port}/keybs`,
    events: ['status_changed', 'decision_issued'],
    description: 'ERP supplier master',
  });

  const orders = [
    { supplier: 'Northwind Traders Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' },
    { supplier: 'Contoso Ltd', country_code: 'GB', registration_id: '07654321', package: 'basic' },
    { supplier: 'Fabrikam Dissolved GmbH', country_code: 'DE', registration_id: 'HRB 86891', package: 'basic' },
    {
      supplier: 'Meridian Components Sdn. Bhd.',
      country_code: 'MY',
      registration_id: '1287654-K',
      package: 'enhanced',
    },
    { supplier: 'Tailspin Toys Pty Ltd', country_code: 'AU', registration_id: '000000', package: 'standard' },
    { supplier: 'Lakeshore Metals Inc.', country_code: 'US', registration_id: '5432109', package: 'enhanced' },
    { supplier: 'Adatum Logistics SA', country_code: 'FR', registration_id: '732829320', package: 'enhanced' },
  ];
  const ids = [];
  for (const order of orders) {
    const outcome = await s.verifications.order(order, { livemode: false }).catch((error) => {
      console.warn(`skipped ${order.supplier}: ${error.message}`);
      return undefined;
    });
    if (outcome?.kind === 'created') ids.push(outcome.view.record.id);
  }
  await until(async () => {
    for (const id of ids) if ((await s.verifications.get(false, id)).record.status === 'in_progress') return false;
    return true;
  }, 'the checks');
  const reviews = await until(async () => {
    const list = await s.reviews.list(false, 'all', 100);
    return list.length > 0 && list.every((r) => r.record.assignedReviewer) && list;
  }, 'review assignment');
  const decided = reviews.find((r) => r.record.assessment?.registryStatus === 'active')?.record;
  if (decided) {
    await s.reviews.decide(false, decided.id, {
      analyst: decided.assignedReviewer,
      recommendation: 'proceed_with_controls',
      notes: 'Registry extract matches; annual re-check.',
    });
  }
  await s.webhooks.sendTest(false, endpoint.endpoint.id);
  await until(async () => {
    const page = await s.webhooks.deliveries(false, endpoint.endpoint.id, 100);
    return page.data.some((d) => d.delivery.status === 'succeeded');
  }, 'a webhook delivery');

  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.KEYBS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const shoot = async (page, name, fullPage = true) => {
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
    console.log(`docs/console/${name}.png`);
  };
  const signIn = async (who) => {
    const context = await browser.newContext({ baseURL: hub.url, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto('/console/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(who.email);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  };

  const anonymous = await (
    await browser.newContext({ baseURL: hub.url, viewport: { width: 1280, height: 700 } })
  ).newPage();
  await anonymous.goto('/console/sign-in');
  await shoot(anonymous, 'sign-in', false);

  const admin = await signIn(ADMIN);
  await shoot(admin, 'dashboard');
  await admin.goto('/console/test/keys');
  await admin.getByLabel('Name', { exact: true }).fill('Procurement gate');
  await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Create key' }).click()]);
  await shoot(admin, 'api-keys');
  await admin.goto('/console/test/webhooks');
  await shoot(admin, 'webhooks');
  await admin.goto(`/console/test/webhooks/${endpoint.endpoint.id}`);
  await shoot(admin, 'webhook-deliveries');
  await admin.goto('/console/test/verifications');
  await shoot(admin, 'verifications');
  if (decided) {
    await admin.goto(`/console/test/verifications/${decided.id}`);
    await shoot(admin, 'verification-detail');
  }
  await admin.goto('/console/test/coverage');
  await shoot(admin, 'coverage', false);
  await admin.goto('/console/test/plugins');
  await shoot(admin, 'plugins', false);
  await admin.goto('/console/live/keys');
  await shoot(admin, 'live-mode', false);

  const analyst = await signIn(ANALYST);
  await shoot(analyst, 'reviews');
  const open = (await s.reviews.list(false, 'all', 100, ANALYST.name))[0];
  if (open) {
    await analyst.goto(`/console/test/reviews/${open.record.id}`);
    await shoot(analyst, 'review-decide');
  }
} finally {
  await browser?.close();
  await hub.close();
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
}
