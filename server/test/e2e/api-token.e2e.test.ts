import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, screenshot, startServer } from './helpers/browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('API token', () => {
  test('the app loads without the token, asks for it once, then works with a session cookie until logged out', async () => {
    const token = 'e2e-token-0123456789abcdef';
    const locked = await startServer({ API_TOKEN: token });
    try {
      await api(locked.base, 'POST', '/listings', { title: 'Chemise Oxford Uniqlo L' }, { authorization: `Bearer ${token}` });
      const tab = await openTab(browser, locked.base, LAPTOP);
      const { page } = tab;
      await page.goto(`${locked.base}/stock`);
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.getByText('Jeton d’accès requis').count()).toBe(1);
      await screenshot(page, 'token-prompt');
      await dialog.getByLabel('Jeton d’accès').fill(token);
      await dialog.getByRole('button', { name: 'Valider' }).click();
      await expect.poll(() => page.getByTestId('stock-row').count()).toBe(1);
      // The token stays nowhere in the browser: the session is an HttpOnly, SameSite=Strict cookie.
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
      expect(stored).not.toContain(token);
      expect(await page.evaluate(() => document.cookie)).not.toContain('vintedbot_session');
      const cookies = await tab.context.cookies();
      expect(cookies.find((c) => c.name === 'vintedbot_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      // A reload keeps the session; a change made from the app carries it.
      await page.reload();
      await expect.poll(() => page.getByTestId('stock-row').count()).toBe(1);
      expect(await dialog.count()).toBe(0);
      // Logging out from the settings brings the login screen back.
      await page.goto(`${locked.base}/reglages`);
      await page.getByRole('button', { name: 'Fermer la session' }).click();
      await expect.poll(() => dialog.getByText('Jeton d’accès requis').count()).toBe(1);
      expect((await tab.context.cookies()).find((c) => c.name === 'vintedbot_session')).toBeUndefined();
      // No Content-Security-Policy violation or other console error on the way.
      expect(tab.errors).toEqual([]);
      await tab.close();
    } finally {
      await locked.close();
    }
  });
});
