import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminTab, invite, join } from './helpers/accounts.ts';
import { launchBrowser, screenshot, startServer } from './helpers/browser.ts';

// Quotas in Chromium (AUTH_MODE=accounts): the admin sets an invited user's monthly listings limit on the users page
// (in French), the user reads it on their account page (in English), creates up to it, and the next one answers 402.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('quotas', () => {
  test('the admin sets a limit on the users page, the user reads it on the account page and is refused past it', async () => {
    const server = await startServer({ AUTH_MODE: 'accounts' });
    try {
      const admin = await adminTab(browser, server.base);
      const a = admin.page;
      const link = await invite(admin, 'bea@example.org');
      const user = await join(browser, server.base, link, 'bea-password-123');
      const u = user.page;

      // The admin gives her one listing a month.
      await a.reload();
      await expect.poll(() => a.getByTestId('user-row').count()).toBe(2);
      await a.getByTestId('user-row').filter({ hasText: 'bea@example.org' }).getByTestId('edit-quotas').click();
      await a.getByLabel('Annonces créées ce mois-ci').fill('1');
      await screenshot(a, 'quotas-admin');
      await a.getByRole('button', { name: 'Enregistrer' }).click();
      await expect.poll(() => a.getByTestId('quota-form').count()).toBe(0);

      // She reads it, spends it, and the next listing is refused in words.
      await u.goto(`${server.base}/compte`);
      await expect.poll(() => u.getByTestId('quota-listings').textContent()).toContain('0 of 1');
      const made = await u.evaluate(async () => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('vintedbot_csrf='))?.split('=')[1] ?? '';
        const post = () => fetch('/listings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ title: 'Veste' }) });
        const first = await post();
        const second = await post();
        return [first.status, first.headers.get('x-quota-listings-remaining'), second.status];
      });
      expect(made).toEqual([201, '0', 402]);
      await u.reload();
      await expect.poll(() => u.getByTestId('quota-listings').textContent()).toContain('1 of 1');
      await screenshot(u, 'quotas-account');
      expect(admin.errors).toEqual([]);
      expect(user.errors).toEqual([]);
      await user.close();
      await admin.close();
    } finally {
      await server.close();
    }
  });
});
