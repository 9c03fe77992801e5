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
    const stats = (await api<{ total_items: number; duplicates_detected: number; revenue: number; stock_value: number }>(server.base, 'GET', '/stats')).body;
    expect(stats.total_items).toBe(8);
    // "Valeur du stock" is what is left to sell: drafts and listed items, not the sold jacket and jean nor the archived T-shirt.
    const all = (await api<{ status: string; price: number | null }[]>(server.base, 'GET', '/listings/all')).body;
    const unsold = all.filter((i) => i.status === 'draft' || i.status === 'listed').reduce((s, i) => s + Math.round((i.price ?? 0) * 100), 0) / 100;
    expect(stats.stock_value).toBe(unsold);
    expect(stats.duplicates_detected).toBeGreaterThan(0);

    for (const viewport of [LAPTOP, PHONE]) {
      const tab = await openTab(browser, server.base, viewport);
      const { page } = tab;
      await page.goto(server.base);
      await expect.poll(() => page.getByTestId('stat-total').textContent()).toContain('8');
      expect(await page.getByTestId('stat-revenue').textContent()).toContain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(stats.revenue));
      expect(await page.getByTestId('stat-value').textContent()).toContain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(stats.stock_value));
      for (const chart of ['chart-status', 'chart-brands', 'chart-sales']) {
        await expect.poll(() => page.getByTestId(chart).locator('svg.recharts-surface').count(), { message: chart }).toBeGreaterThan(0);
      }
      // The figures behind each chart are there for screen readers.
      expect(await page.getByTestId('chart-brands').locator('table').textContent()).toContain('Ralph Lauren');
      // "À faire": the real work, in the seller's words (no server English, no raw code).
      await expect.poll(() => page.getByTestId('todo-duplicates').getByTestId('todo-line').count()).toBeGreaterThanOrEqual(1);
      const todo = (await page.getByTestId('todo').textContent()) ?? '';
      expect(todo).toContain('Brouillons à compléter');
      expect(todo).toMatch(/Ressemble à « Sweat/);
      expect(todo).toContain('Ventes à expédier');
      expect(todo).not.toMatch(/Possible duplicate|\b[a-z]+_[a-z_]+\b/);
      if (viewport === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, 'dashboard');
      expect(tab.errors).toEqual([]);
      await tab.close();
    }

    // A sale to ship: its button leads to the sales page's to-ship list, where it is shipped (not to the item's page,
    // which has no way to ship it).
    const tab = await openTab(browser, server.base, LAPTOP);
    await tab.page.goto(server.base);
    await tab.page.getByTestId('todo-to_ship').getByTestId('todo-line').filter({ hasText: 'Jean 501' }).getByRole('link', { name: 'Expédier' }).click();
    await tab.page.getByTestId('to-ship-row').filter({ hasText: 'Jean 501' }).waitFor();
    expect(new URL(tab.page.url()).pathname).toBe('/ventes');

    // Resolving a duplicate from the dashboard: "not a duplicate" clears the flag; archive puts one away.
    await tab.page.goto(server.base);
    const dupes = tab.page.getByTestId('todo-duplicates').getByTestId('todo-line');
    await dupes.first().waitFor();
    const before = await dupes.count();
    await dupes.first().getByRole('button', { name: 'Pas un doublon' }).click();
    await expect.poll(() => tab.page.getByTestId('todo-duplicates').getByTestId('todo-line').count()).toBeLessThan(before);
    const left = await tab.page.getByTestId('todo-duplicates').getByTestId('todo-line').count();
    if (left > 0) {
      await tab.page.getByTestId('todo-duplicates').getByTestId('todo-line').first().getByRole('button', { name: 'Archiver' }).click();
      await expect.poll(async () => (await api<{ by_status: { archived: number } }>(server.base, 'GET', '/stats')).body.by_status.archived).toBe(2);
    }
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
