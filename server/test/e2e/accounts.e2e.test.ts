import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LAPTOP, launchBrowser, openTab, PHONE, screenshot, startServer } from './helpers/browser.ts';

// AUTH_MODE=accounts in Chromium: the first visitor creates the admin account, the admin invites someone, who opens
// the link, picks a password, lands in the app without the admin's pages, logs out and back in; the admin reads the
// redacted server log, then deletes her account and takes her data over.

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('accounts', () => {
  test('the admin sets up the server and invites a user, who joins by the link and logs in', async () => {
    const server = await startServer({ AUTH_MODE: 'accounts' });
    try {
      // The admin, in French on a laptop.
      const admin = await openTab(browser, server.base, LAPTOP);
      const a = admin.page;
      a.setDefaultTimeout(15_000);
      await a.goto(`${server.base}/`);
      await expect.poll(() => a.getByRole('heading', { name: 'Créer le compte administrateur' }).count()).toBe(1);
      await screenshot(a, 'accounts-setup');
      await a.getByLabel('Adresse e-mail').fill('ada@example.org');
      await a.getByLabel('Nom affiché').fill('Ada');
      await a.getByLabel('Mot de passe').fill('ada-password-123');
      await a.getByRole('button', { name: 'Créer mon compte' }).click();
      await expect.poll(() => a.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(1);
      // The session is an HttpOnly cookie: no script of the page can read it.
      expect(await a.evaluate(() => document.cookie)).not.toContain('vintedbot_session');
      expect((await admin.context.cookies()).find((c) => c.name === 'vintedbot_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

      await a.getByRole('link', { name: 'Utilisateurs' }).click();
      await expect.poll(() => a.getByTestId('user-row').count()).toBe(1);
      await a.getByLabel('Adresse e-mail').fill('bea@example.org');
      await a.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
      const linkBox = a.getByTestId('one-time-link');
      await expect.poll(() => linkBox.count()).toBe(1);
      const link = await linkBox.inputValue();
      expect(link).toMatch(new RegExp(`^${server.base}/invitation#[A-Za-z0-9_-]{43}$`));
      await screenshot(a, 'accounts-admin');

      // The invited user, in English on a phone.
      const user = await openTab(browser, server.base, PHONE, { lang: 'en' });
      const u = user.page;
      u.setDefaultTimeout(15_000);
      await u.goto(link);
      await expect.poll(() => u.getByText('You are invited with the address bea@example.org').count()).toBe(1);
      await u.getByLabel('Display name').fill('Bea');
      await u.getByLabel('Password').fill('bea-password-123');
      await screenshot(u, 'accounts-invitation');
      await u.getByRole('button', { name: 'Create my account' }).click();
      await expect.poll(() => u.url()).toBe(`${server.base}/`);
      await expect.poll(() => u.getByTestId('menu-button').count()).toBe(1);
      // Her menu has her account and no users page; the admin's address is an unknown page to her.
      await u.getByTestId('menu-button').click();
      await expect.poll(() => u.getByRole('link', { name: 'Bea' }).count()).toBe(1);
      expect(await u.getByRole('link', { name: 'Users' }).count()).toBe(0);
      await u.getByRole('link', { name: 'Bea' }).click();
      await expect.poll(() => u.getByTestId('signed-in-as').textContent()).toContain('bea@example.org');
      await u.goto(`${server.base}/administration`);
      await expect.poll(() => u.getByText('Page not found').count()).toBeGreaterThan(0);

      // She logs out and back in (a wrong password first).
      await u.goto(`${server.base}/compte`);
      await u.getByTestId('logout').click();
      await expect.poll(() => u.getByRole('heading', { name: 'Log in' }).count()).toBe(1);
      await u.getByLabel('Email address').fill('bea@example.org');
      await u.getByLabel('Password').fill('not-her-password');
      await u.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => u.getByText('Wrong email address or password.').count()).toBe(1);
      await u.getByLabel('Password').fill('bea-password-123');
      await u.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => u.getByTestId('menu-button').count()).toBe(1);
      await screenshot(u, 'accounts-user-in');

      // The admin sees her account.
      await a.reload();
      await expect.poll(() => a.getByTestId('user-row').count()).toBe(2);
      // Her failed login is in the server log the admin reads (warnings and above by default), with no password.
      await expect.poll(() => a.getByTestId('server-log').textContent()).toContain('login failed');
      expect(await a.getByTestId('server-log').textContent()).not.toContain('not-her-password');
      await screenshot(a, 'accounts-admin-log');

      // Bea has an item; the admin deletes her account and hands her data to himself (issue 20 point 5).
      const created = await u.evaluate(async () => {
        const csrf = decodeURIComponent(/(?:^|;\s*)vintedbot_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
        const res = await fetch('/listings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ title: 'Veste en jean de Bea', price: 30 }) });
        return res.status;
      });
      expect(created).toBe(201);
      const beaRow = a.getByTestId('user-row').filter({ hasText: 'bea@example.org' });
      await beaRow.getByTestId('delete-user').click();
      await expect.poll(() => a.getByTestId('delete-user-form').count()).toBe(1);
      await a.getByLabel('Transférer ses données à…').check();
      await a.getByLabel('Transférer à').selectOption({ label: 'Ada (ada@example.org)' });
      await expect.poll(() => a.getByTestId('delete-summary').textContent()).toContain('ada@example.org recevra ses articles');
      await screenshot(a, 'accounts-delete-transfer');
      await a.getByTestId('confirm-delete-user').click();
      await expect.poll(() => a.getByTestId('user-row').count()).toBe(1);
      await expect.poll(() => a.getByText('bea@example.org a été supprimé ; ses données sont à ada@example.org.').count()).toBeGreaterThan(0);
      await a.goto(`${server.base}/stock`);
      await expect.poll(() => a.getByText('Veste en jean de Bea').count()).toBeGreaterThan(0);

      expect(admin.errors).toEqual([]);
      expect(user.errors.filter((e) => !/401/.test(e))).toEqual([]);
      await user.close();
      await admin.close();
    } finally {
      await server.close();
    }
  });
});
