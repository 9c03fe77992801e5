import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, LAPTOP, launchBrowser, openTab, startServer, type Server } from './helpers/browser.ts';

// The API's two readers as a developer opens them: Swagger UI at /docs and ReDoc at /redoc. Both are served from
// npm packages under the app's content security policy; a policy that blocks their styles or workers shows an
// error page instead of the API, which only a real browser notices.

let browser: Browser;
let server: Server;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('API documentation', () => {
  test('ReDoc at /redoc shows the operations, with no console error', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    await tab.page.goto(`${server.base}/redoc`);
    // An operation of the listings routes, rendered by ReDoc as a heading of its own.
    await tab.page.getByRole('heading', { name: 'Mark an item sold, at the price the seller got' }).waitFor();
    expect(await tab.page.locator('body').textContent()).not.toContain('Something went wrong');
    // The first screen only: the whole ReDoc page is tens of thousands of pixels high.
    await tab.page.screenshot({ path: path.join(ARTIFACTS, 'api-redoc-1440.png') });
    // ReDoc's footer fetches the Redocly logo from its CDN: the policy refuses on purpose (nothing leaves this
    // machine when the seller reads the docs), and that refusal is the only error allowed.
    expect(tab.errors.filter((e) => !e.includes("'https://cdn.redoc.ly/"))).toEqual([]);
    await tab.close();
  });

  test('Swagger UI at /docs lists every tag and opens one on a click, with no console error', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    await tab.page.goto(`${server.base}/docs`);
    // Every tag is listed (folded), the last one too; a click opens one and shows its operations.
    await tab.page.locator('.opblock-tag', { hasText: /^templates/ }).waitFor();
    await tab.page.locator('.opblock-tag', { hasText: /^listings/ }).click();
    await tab.page.getByText('Mark an item sold, at the price the seller got').first().waitFor();
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
