import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';
import { seedStock, STOCK } from './helpers/seed.ts';

let server: Server;
let browser: Browser;

/** The same photos twice through the real pipeline: the second draft is flagged as a duplicate of the first. */
async function ingestTwice(base: string) {
  const { dir, files } = await garmentPhotos(3, '#7a1f2b', 'sweat');
  try {
    for (let i = 0; i < 2; i++) {
      const form = new FormData();
      form.append('brand', 'Carhartt');
      form.append('size', 'L');
      for (const f of files) form.append('files', new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }), f.split('/').pop());
      const r = await fetch(`${base}/ingest/photos`, { method: 'POST', body: form });
      if (r.status !== 201) throw new Error(`ingest ${r.status}: ${await r.text()}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Tableau de bord', () => {
  test('an empty stock invites the first steps', async () => {
    const tab = await openTab(browser, server.base, PHONE);
    await tab.page.goto(server.base);
    await expect.poll(() => tab.page.getByText('Bienvenue dans VintedBot').count()).toBe(1);
    await screenshot(tab.page, 'dashboard-empty');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('with seeded data: figures, the four charts, recommendations and duplicates to resolve', async () => {
    await seedStock(server.base, STOCK);
    await ingestTwice(server.base);
    // A sale this week, at a negotiated price.
    const listed = await api<{ items: { id: string; title: string }[] }>(server.base, 'GET', '/listings?status=listed');
    const jean = listed.body.items.find((i) => i.title.startsWith('Jean 501'))!;
    expect((await api(server.base, 'PATCH', `/listings/${jean.id}`, { status: 'sold', sold_price: 27 })).status).toBe(200);
    const stats = (await api<{ total_items: number; duplicates_detected: number; revenue: number }>(server.base, 'GET', '/stats')).body;
    expect(stats.total_items).toBe(8);
    expect(stats.duplicates_detected).toBeGreaterThan(0);

    for (const viewport of [LAPTOP, PHONE]) {
      const tab = await openTab(browser, server.base, viewport);
      const { page } = tab;
      await page.goto(server.base);
      await expect.poll(() => page.getByTestId('stat-total').textContent()).toContain('8');
      expect(await page.getByTestId('stat-revenue').textContent()).toContain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(stats.revenue));
      for (const chart of ['chart-status', 'chart-brands', 'chart-sales']) {
        await expect.poll(() => page.getByTestId(chart).locator('svg.recharts-surface').count(), { message: chart }).toBeGreaterThan(0);
      }
      // The figures behind each chart are there for screen readers.
      expect(await page.getByTestId('chart-brands').locator('table').textContent()).toContain('Ralph Lauren');
      await expect.poll(() => page.getByTestId('duplicates').getByRole('link').count()).toBeGreaterThanOrEqual(2);
      expect(await page.getByTestId('recommendations').textContent()).toMatch(/Doublon à régler/);
      if (viewport === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, 'dashboard');
      expect(tab.errors).toEqual([]);
      await tab.close();
    }

    // Resolving a duplicate from the dashboard: archive one of the pair.
    const tab = await openTab(browser, server.base, LAPTOP);
    await tab.page.goto(server.base);
    const archive = tab.page.getByTestId('duplicates').getByRole('button', { name: /^Archiver/ }).first();
    await archive.click();
    await expect.poll(async () => (await api<{ by_status: { archived: number } }>(server.base, 'GET', '/stats')).body.by_status.archived).toBe(2);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
