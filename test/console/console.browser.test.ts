import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ORDER } from '../../core/test/helpers/hub.js';
import { headerOf, Receiver } from '../../core/test/helpers/receiver.js';
import { launchChromium } from './browser.js';
import { ADMIN, ANALYST, type ConsoleHub, startConsoleHub } from './helpers.js';

let t: ConsoleHub;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startConsoleHub(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Clicks a control that submits a form or follows a link, and waits for the page it leads to. */
async function go(page: Page, control: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), control.click()]);
}

/** The text a locator shows, whitespace collapsed (waits for the element). */
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const heading = (page: Page) => text(page.getByRole('heading', { level: 1 }));
const flash = (page: Page) => text(page.getByRole('status'));

/** A fresh browser context (its own cookies); a missing element fails within 10 s instead of hanging. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: t.url });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

async function signedIn(who: { email: string; password: string }): Promise<Page> {
  const page = await newPage();
  await page.goto('/console');
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  return page;
}

/** Calls the JSON API with a key, as an integrator would. */
async function api(path: string, key: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) };
  return (await fetch(t.url + path, init)).status;
}

describe('signing in', () => {
  it('signs an admin in with the labelled form and shows every section', async () => {
    const page = await signedIn(ADMIN);
    expect(page.url()).toBe(`${t.url}/console/test`);
    expect(await heading(page)).toBe('Dashboard');
    for (const name of ['API keys', 'Webhooks', 'Verifications', 'Reviews', 'Coverage', 'Plugins']) {
      expect(await page.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    expect(await page.getByRole('img', { name: /Verifications per day/ }).count()).toBe(1);
    await go(page, page.getByRole('button', { name: 'Sign out' }));
    expect(page.url()).toBe(`${t.url}/console/sign-in`);
    await page.goto('/console/test/keys');
    expect(await page.getByLabel('Email', { exact: true }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('says a wrong password is wrong, then locks the account after five', async () => {
    await t.hub.services.users.create({
      email: 'lock@example.com',
      name: 'Lee Locked',
      role: 'admin',
      password: 'the right password',
    });
    const page = await newPage();
    await page.goto('/console/sign-in');
    const attempt = async (password: string) => {
      await page.getByLabel('Email', { exact: true }).fill('lock@example.com');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await go(page, page.getByRole('button', { name: 'Sign in' }));
      return text(page.getByRole('alert'));
    };
    expect(await attempt('not the password')).toBe('Wrong email or password.');
    for (let i = 0; i < 3; i++) expect(await attempt(`wrong ${i}`)).toBe('Wrong email or password.');
    expect(await attempt('wrong again')).toMatch(/^Too many failed sign-ins: this account is locked until /);
    // The right password does not open a locked account.
    expect(await attempt('the right password')).toMatch(/locked until/);
    expect(page.url()).toBe(`${t.url}/console/sign-in`);
    await page.context().close();
  });
});

describe('API keys', () => {
  it('creates a key with chosen scopes, shows the secret once, rotates it with a grace period and revokes it', async () => {
    const page = await signedIn(ADMIN);
    await go(page, page.getByRole('link', { name: 'API keys' }));
    await page.getByLabel('Name', { exact: true }).fill('ERP integration');
    await page.getByLabel('verifications:write', { exact: true }).uncheck();
    await page.getByLabel('Test', { exact: true }).check();
    await go(page, page.getByRole('button', { name: 'Create key' }));
    const first = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(first).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect(await api('/v1/coverage/MY', first)).toBe(200);
    expect(await api('/v1/verifications', first, ORDER)).toBe(403); // the scope left out

    // The list never shows the secret again, and tells when the key was last used.
    await go(page, page.getByRole('link', { name: 'API keys' }));
    expect(await page.content()).not.toContain(first);
    const row = () => page.locator('tr', { hasText: 'ERP integration' });
    expect(await text(row().locator('td').nth(2))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    await row().getByLabel('Grace period').selectOption('1h');
    await go(page, row().getByRole('button', { name: 'Rotate ERP integration' }));
    const second = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(second).toMatch(/^sk_test_/);
    expect(second).not.toBe(first);
    expect(await api('/v1/coverage/MY', second)).toBe(200);
    expect(await api('/v1/coverage/MY', first)).toBe(200); // within its hour of grace
    expect(await text(row().filter({ hasText: 'Rotated' }).locator('td').nth(3))).toMatch(/^Rotated: valid until /);

    page.once('dialog', (dialog) => dialog.accept());
    const successor = row().filter({ hasText: 'Active' });
    await go(page, successor.getByRole('button', { name: 'Revoke ERP integration' }));
    expect(await flash(page)).toBe('Revoked ERP integration.');
    expect(await api('/v1/coverage/MY', second)).toBe(401);
    expect(await text(row().filter({ hasText: 'Revoked' }).locator('td').nth(3))).toMatch(/^Revoked /);
    await page.context().close();
  });

  it('keeps test and live apart: the live switch shows the live banner and only live keys', async () => {
    const page = await signedIn(ADMIN);
    await go(page, page.getByRole('link', { name: 'API keys' }));
    expect(await text(page.getByRole('note'))).toMatch(/^Test mode/);
    await go(page, page.getByRole('link', { name: 'Live mode' }));
    expect(page.url()).toBe(`${t.url}/console/live/keys`);
    expect(await text(page.getByRole('note'))).toMatch(/^Live mode/);
    expect(await text(page.locator('caption'))).toMatch(/^Live API keys/);
    const prefixes = await page.locator('tbody code').allTextContents();
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) expect(prefix).toMatch(/^sk_live_/);
    await page.context().close();
  });
});

describe('reviews', () => {
  it('an analyst decides their review with notes, under their own name, and cannot open API keys', async () => {
    const order = await t.request('POST', '/v1/verifications', { body: ORDER });
    const id = order.json.verification_id as string;
    await eventually(async () => {
      const v = await t.request('GET', `/v1/verifications/${id}`);
      return v.json.assigned_reviewer === ANALYST.name ? true : undefined;
    }, 15_000);

    const page = await signedIn(ANALYST);
    expect(await heading(page)).toBe('Reviews');
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await go(page, page.locator('tr', { hasText: id }).getByRole('link', { name: 'Decide' }));
    await page.getByLabel('Recommendation', { exact: true }).selectOption('enhanced_due_diligence');
    await page.getByLabel('Notes', { exact: true }).fill('Ownership chain needs documents.');
    await go(page, page.getByRole('button', { name: 'Issue decision' }));
    expect(await flash(page)).toMatch(/^Decision issued for .*: enhanced due diligence\.$/);
    expect(await text(page.locator('ol.timeline'))).toContain(
      `review decided by ${ANALYST.name}: notes: Ownership chain needs documents.`,
    );

    const v = await t.request('GET', `/v1/verifications/${id}`);
    expect(v.json).toMatchObject({
      status: 'completed',
      decision: { analyst: ANALYST.name, recommendation: 'enhanced_due_diligence' },
    });

    const refused = await page.goto('/console/test/keys');
    expect(refused?.status()).toBe(403);
    expect(await heading(page)).toBe('Not allowed');
    await page.context().close();
  });
});

describe('webhooks', () => {
  it('adds an endpoint, sends a test and shows the delivery with its attempt; retry sends it again', async () => {
    const receiver = await Receiver.start();
    try {
      const page = await signedIn(ADMIN);
      await go(page, page.getByRole('link', { name: 'Webhooks' }));
      await page.getByLabel('Endpoint URL', { exact: true }).fill(`${receiver.url}/hooks`);
      await go(page, page.getByRole('button', { name: 'Add endpoint' }));
      expect(await page.getByLabel('Signing secret', { exact: true }).inputValue()).toMatch(/^whsec_/);
      await go(page, page.getByRole('button', { name: 'Send test' }));
      expect(await flash(page)).toBe('Test delivery queued.');
      const first = await receiver.waitFor(() => receiver.ofEvent('webhook.test')[0]);

      const delivery = page.locator('tr[data-delivery-id]', { hasText: 'webhook.test' });
      await eventually(async () => {
        await page.reload();
        return (await text(delivery)).includes('succeeded') ? true : undefined;
      });
      expect(await text(delivery)).toContain('webhook.test');
      expect(await text(delivery.locator('ul.attempts'))).toMatch(/^#1 .* UTC: HTTP 200 in \d+ ms$/);

      await go(page, delivery.getByRole('button', { name: /^Retry delivery/ }));
      const tests = () => receiver.ofEvent('webhook.test');
      const again = await receiver.waitFor(() => tests().length >= 2 && tests()[1]);
      expect(headerOf(again, 'x-keybs-delivery')).toBe(headerOf(first, 'x-keybs-delivery'));
      await page.context().close();
    } finally {
      await receiver.close();
    }
  });
});
