import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeSmtp } from '../fakes/fake-smtp.ts';
import { adminTab, join } from './helpers/accounts.ts';
import { launchBrowser, PHONE, screenshot, startServer } from './helpers/browser.ts';

// Accounts mode with SMTP_URL in Chromium: the admin's invitation goes by e-mail (to a real SMTP server on a local
// port), the invited user joins from the e-mail's link, later forgets her password, asks for a link from the login
// page and sets a new one from the e-mail.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const linkIn = (text: string) => /(http\S+#\S+)/.exec(text)?.[1] ?? '';

describe('accounts with e-mail', () => {
  test('an invitation and a forgotten password, each by e-mail, from the pages', async () => {
    const smtp = await startFakeSmtp();
    const server = await startServer({ AUTH_MODE: 'accounts', SMTP_URL: smtp.url });
    try {
      const admin = await adminTab(browser, server.base);
      const a = admin.page;
      await a.getByRole('link', { name: 'Utilisateurs' }).click();
      await expect.poll(() => a.getByLabel('L’envoyer aussi par e-mail').count()).toBe(1);
      expect(await a.getByLabel('L’envoyer aussi par e-mail').isChecked()).toBe(true);
      await a.getByLabel('Adresse e-mail').fill('bea@example.org');
      await a.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
      await expect.poll(() => a.getByTestId('link-emailed').textContent()).toBe('Envoyé par e-mail à bea@example.org.');
      await screenshot(a, 'accounts-mail-invite');
      const invitation = await smtp.next();
      expect(invitation.subject).toBe('Votre invitation à VintedBot');
      expect(linkIn(invitation.text)).toBe(await a.getByTestId('one-time-link').inputValue());

      // Bea, in English on a phone, joins from the e-mail.
      const user = await join(browser, server.base, linkIn(invitation.text), 'bea-password-123', { viewport: PHONE });
      const u = user.page;
      await expect.poll(() => u.getByTestId('menu-button').count()).toBe(1);
      await u.goto(`${server.base}/compte`);
      await u.getByTestId('logout').click();

      // She forgets her password: the login page offers a link by e-mail.
      await expect.poll(() => u.getByRole('heading', { name: 'Log in' }).count()).toBe(1);
      await u.getByTestId('forgot-link').click();
      await u.getByLabel('Email address').fill('bea@example.org');
      await u.getByRole('button', { name: 'Send me the link' }).click();
      await expect.poll(() => u.getByText('If an account exists for bea@example.org').count()).toBe(1);
      await screenshot(u, 'accounts-mail-forgot');
      const reset = await smtp.next();
      expect(reset.to).toEqual(['bea@example.org']);
      expect(reset.subject).toBe('Choose a new VintedBot password');
      await u.goto(linkIn(reset.text));
      await expect.poll(() => u.getByText('Choose a new password for bea@example.org').count()).toBe(1);
      await u.getByLabel('Password').fill('bea-new-password-456');
      await u.getByRole('button', { name: 'Save the password' }).click();
      await expect.poll(() => u.getByTestId('menu-button').count()).toBe(1);
      expect(u.url()).toBe(`${server.base}/`);
      expect(admin.errors).toEqual([]);
      expect(user.errors).toEqual([]);
      // The tabs' live streams end before the server stops.
      await user.close();
      await admin.close();
    } finally {
      await server.close();
      await smtp.close();
    }
  });
});
