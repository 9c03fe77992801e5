import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accountScope } from '../../src/modules/vinted/account-scope.ts';
import { json } from '../helpers/test-app.ts';
import { LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';

// Issue 20 point 4 in the browser: the active Vinted account in the shell, switched in one click from its menu; the
// settings' queue and publish log then show the other account's. Two accounts: "Vinted" (the first, with a draft
// queued and a log line) and "Pro" (another draft queued, nothing logged).

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  const inject = async (method: string, url: string, body?: unknown) => {
    const res = await server.app.inject({ method: method as 'GET', url, ...(body !== undefined ? json(body) : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const first = (await inject('GET', '/vinted/accounts')).active_account_id as string;
  const perso = await inject('POST', '/listings', { title: 'Robe fleurie Sézane', publish_opt_in: true });
  // A line of the first account's log, as a dry-run prepare leaves it (the publication itself is tested against the fake Vinted).
  await accountScope.run(first, () => server.ctx.vinted!.deps.publishLog.add({ action: 'prepare', item_id: perso.id, dry_run: true, outcome: 'ok', source: 'api' }));
  const pro = (await inject('POST', '/vinted/accounts', { label: 'Pro' })).id as string;
  await inject('POST', `/vinted/accounts/${pro}/activate`, {});
  await inject('POST', '/listings', { title: 'Veste en jean Levi’s', publish_opt_in: true });
  await inject('POST', `/vinted/accounts/${first}/activate`, {});
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const queued = async (page: import('playwright-core').Page) => (await page.getByTestId('vinted-queue-item').allTextContents()).join(' | ');

describe('Vinted accounts: the switch in the shell', () => {
  test('French at 1440 px: the active account is shown; switching shows the other queue and log, and is kept on reload', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    const active = page.getByTestId('vinted-account-active').first();
    await expect.poll(() => active.textContent()).toBe('Vinted');
    await expect.poll(() => queued(page)).toContain('Robe fleurie Sézane');
    expect(await queued(page)).not.toContain('Veste en jean');
    await page.getByTestId('vinted-log').locator('summary').click();
    await expect.poll(() => page.getByTestId('vinted-log-entry').count()).toBe(1);

    await page.getByTestId('vinted-account-menu').first().click();
    await page.getByRole('menuitem', { name: 'Passer au compte Pro' }).click();
    await expect.poll(() => active.textContent()).toBe('Pro');
    await expect.poll(() => queued(page)).toContain('Veste en jean');
    expect(await queued(page)).not.toContain('Robe fleurie');
    await expect.poll(() => page.getByTestId('vinted-log-entry').count()).toBe(0);
    expect(await page.getByTestId('vinted-accounts-card').textContent()).toContain('Pro');
    await screenshot(page, 'vinted-accounts-switched');

    // Stored on the server: a reload (or another tab) still acts for "Pro".
    await page.reload();
    await expect.poll(() => page.getByTestId('vinted-account-active').first().textContent()).toBe('Pro');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('English on a phone: the switch in the top bar, and adding an account from the settings card', async () => {
    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    const menu = page.getByTestId('vinted-account-menu').last();
    await expect.poll(() => menu.textContent()).toBe('Pro');
    await menu.click();
    await page.getByRole('menuitem', { name: 'Switch to account Vinted' }).click();
    await expect.poll(() => menu.textContent()).toBe('Vinted');
    await expect.poll(() => queued(page)).toContain('Robe fleurie Sézane');
    const card = page.getByTestId('vinted-accounts-card');
    await card.getByTestId('vinted-account-new').fill('Household');
    await card.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => card.getByTestId('vinted-account-row').count()).toBe(3);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'vinted-accounts-card');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
