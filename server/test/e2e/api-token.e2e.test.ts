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
  test('the app loads without the token, asks for it, then works with it', async () => {
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
      expect(tab.errors).toEqual([]);
      await tab.close();
    } finally {
      await locked.close();
    }
  });
});
