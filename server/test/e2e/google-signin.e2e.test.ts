import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeOidc } from '../fakes/fake-oidc.ts';
import { LAPTOP, launchBrowser, openTab, PHONE, screenshot, startServer } from './helpers/browser.ts';

// Sign in with Google in Chromium, against a fake OpenID provider on a local port: an invited person signs in with
// the login page's button (French, laptop) and chooses a first password on her account page; someone Google knows but the server does not comes back to the login
// page with the reason in words (English, phone).

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Sign in with Google', () => {
  test('the login page\'s button signs an invited person in, and says why an unknown one is refused', async () => {
    const google = await startFakeOidc();
    const server = await startServer({ AUTH_MODE: 'accounts', GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_ISSUER: google.issuer });
    try {
      // The admin exists (made with a password, as always) and has invited Léa.
      const setup = await fetch(`${server.base}/auth/setup`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.base },
        body: JSON.stringify({ email: 'ada@example.org', password: 'ada-password-123', name: 'Ada' }),
      });
      expect(setup.status).toBe(201);
      const cookie = setup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const invite = await fetch(`${server.base}/admin/invitations`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.base, cookie },
        body: JSON.stringify({ email: 'lea@example.org' }),
      });
      expect(invite.status).toBe(201);

      const fr = await openTab(browser, server.base, LAPTOP);
      const p = fr.page;
      await expect.poll(() => p.getByRole('heading', { name: 'Connexion' }).count()).toBe(1);
      const button = p.getByRole('link', { name: 'Se connecter avec Google' });
      await expect.poll(() => button.count()).toBe(1);
      await screenshot(p, 'google-login');
      google.signInAs({ sub: 'google-lea', email: 'lea@example.org', name: 'Léa' });
      await button.click();
      await expect.poll(() => p.getByTestId('menu-button').count()).toBe(1);
      expect(p.url()).toBe(`${server.base}/`);
      const state = await p.evaluate(async () => (await fetch('/auth/session')).json());
      expect(state).toMatchObject({ authenticated: true, user: { email: 'lea@example.org', name: 'Léa' } });
      await screenshot(p, 'google-signed-in');
      // Her account page says which Google account is linked.
      await p.goto(`${server.base}/compte`);
      await expect.poll(() => p.getByTestId('google-link').textContent()).toBe('Compte Google lié (lea@example.org)');
      await screenshot(p, 'google-account');
      // Made through Google, she has no password: the page offers to choose one, without a "current password".
      await expect.poll(() => p.getByText('Choisir un mot de passe', { exact: true }).count()).toBe(1);
      expect(await p.getByLabel('Mot de passe actuel').count()).toBe(0);
      await p.getByLabel('Nouveau mot de passe').fill('lea-own-password-1');
      await p.getByRole('button', { name: 'Choisir ce mot de passe' }).click();
      // Once chosen, changing it asks for it, like any account.
      await expect.poll(() => p.getByLabel('Mot de passe actuel').count()).toBe(1);
      expect(await p.getByText('Changer de mot de passe', { exact: true }).count()).toBe(1);
      const login = await fetch(`${server.base}/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.base },
        body: JSON.stringify({ email: 'lea@example.org', password: 'lea-own-password-1' }),
      });
      expect(login.status).toBe(200);
      expect(fr.errors).toEqual([]);
      await fr.close();

      const en = await openTab(browser, server.base, PHONE, { lang: 'en' });
      const u = en.page;
      await expect.poll(() => u.getByRole('link', { name: 'Sign in with Google' }).count()).toBe(1);
      google.signInAs({ sub: 'google-max', email: 'max@example.org' });
      await u.getByRole('link', { name: 'Sign in with Google' }).click();
      const why = u.getByText('No account uses this Google address and registration is closed: ask the admin for an invitation.');
      await expect.poll(() => why.count()).toBe(1);
      // The code has left the address bar: a reload does not show it again.
      expect(new URL(u.url()).search).toBe('');
      await screenshot(u, 'google-refused');
      expect(en.errors).toEqual([]);
      await en.close();
    } finally {
      await server.close();
      await google.close();
    }
  });
});
