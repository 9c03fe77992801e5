import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';
import { seedStock } from './helpers/seed.ts';

let server: Server;
let browser: Browser;
let ids: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const created = await seedStock(server.base);
  ids = Object.fromEntries(created.map((c) => [c.title.split(' ')[0] + (c.title.includes('Nike') ? 'Nike' : ''), c.id]));
  // The jumper gets a real photo, uploaded as the web app does, so the table has a thumbnail to show.
  const { files } = await garmentPhotos(1);
  const form = new FormData();
  form.append('files', new Blob([fs.readFileSync(files[0])], { type: 'image/jpeg' }), 'pull-1.jpg');
  const up = (await (await fetch(`${server.base}/photos`, { method: 'POST', body: form })).json()) as { photos: { id: string }[] };
  const patched = await api(server.base, 'PATCH', `/listings/${ids.Pull}`, { photos: [up.photos[0].id] });
  if (patched.status !== 200) throw new Error(`photo not attached: ${patched.status}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Stock', () => {
  test('search, filters, sorting and a bulk status change on a laptop', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock`);
    const rows = page.getByTestId('stock-row');
    await expect.poll(() => rows.count()).toBe(6);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Stock');
    await screenshot(page, 'stock');

    // The photo's thumbnail is shown at its full 48 px, not squeezed by the title column (alone in its column,
    // with no placeholder of another row to hold the column open).
    await page.getByTestId('stock-search').fill('ralph');
    await expect.poll(() => rows.count()).toBe(1);
    const thumb = rows.first().locator('img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect((await thumb.boundingBox())?.width).toBe(48);
    await page.getByTestId('stock-search').fill('');
    await expect.poll(() => rows.count()).toBe(6);

    // Search narrows the table and lands in the address bar.
    await page.getByTestId('stock-search').fill('levi');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Jean 501');
    expect(page.url()).toContain('q=levi');
    await page.getByTestId('stock-search').fill('');
    await expect.poll(() => rows.count()).toBe(6);

    // Filters: status, then a price range.
    await page.getByTestId('stock-filters-toggle').click();
    await page.getByLabel('Statut', { exact: true }).selectOption('listed');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Prix min (€)').fill('30');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Ralph Lauren');
    await screenshot(page, 'stock-filtered');
    await page.getByRole('button', { name: 'Effacer les filtres' }).first().click();
    await expect.poll(() => rows.count()).toBe(6);

    // Sorting by price, highest first.
    await page.getByTestId('stock-sort').selectOption('-price');
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain('Nike');

    // Bulk: the two drafts and the sold jacket go to "listed"; sold → listed is allowed, so all three pass.
    for (const name of ['Robe fleurie', 'Baskets Nike', 'Veste en jean']) {
      await page.getByRole('checkbox', { name: new RegExp(`Sélectionner « ${name}`) }).click();
    }
    await expect.poll(() => page.getByTestId('bulk-bar').textContent()).toContain('3 sélectionnés');
    await page.getByTestId('bulk-status').selectOption('listed');
    await page.getByTestId('bulk-apply').click();
    await expect.poll(() => page.getByText('3 article(s) modifié(s)').count()).toBe(1);
    const listed = await api<{ items: { title: string }[] }>(server.base, 'GET', '/listings?status=listed&limit=50');
    expect(listed.body.items.map((i) => i.title).sort()).toEqual(expect.arrayContaining([expect.stringContaining('Robe fleurie'), expect.stringContaining('Baskets Nike'), expect.stringContaining('Veste en jean')]));
    expect(listed.body.items).toHaveLength(5);

    // A refused change is reported per item while the others go through: archived → sold is not a transition.
    await page.getByRole('checkbox', { name: /Sélectionner « T-shirt blanc/ }).click();
    await page.getByRole('checkbox', { name: /Sélectionner « Robe fleurie/ }).click();
    await page.getByTestId('bulk-status').selectOption('sold');
    await page.getByTestId('bulk-apply').click();
    await expect.poll(() => page.getByTestId('bulk-failures').textContent()).toContain('T-shirt blanc');
    expect(await page.getByTestId('bulk-failures').textContent()).toContain('Ce changement de statut n’est pas possible');
    const tshirt = await api<{ status: string }>(server.base, 'GET', `/listings/${ids['T-shirt']}`);
    expect(tshirt.body.status).toBe('archived');
    const robe = await api<{ status: string }>(server.base, 'GET', `/listings/${ids.Robe}`);
    expect(robe.body.status).toBe('sold');
    await screenshot(page, 'stock-bulk-report');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('on a phone: cards, the menu, and an empty search', async () => {
    const tab = await openTab(browser, server.base, PHONE);
    const { page } = tab;
    await page.goto(`${server.base}/stock`);
    await expect.poll(() => page.getByTestId('stock-card').count()).toBe(6);
    expect(await page.getByTestId('stock-table').isVisible()).toBe(false);
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'stock');
    await page.getByTestId('stock-search').fill('introuvable');
    await expect.poll(() => page.getByText('Aucun article ne correspond').count()).toBe(1);
    await screenshot(page, 'stock-empty-search');
    // The language switch and the dark theme, from the top bar.
    await page.getByTestId('stock-search').fill('');
    await page.locator('[data-testid=lang-switch]:visible').click();
    await expect.poll(() => page.getByTestId('stock-search').getAttribute('placeholder')).toBe('Title, brand, description…');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Switch to dark theme' }).locator('visible=true').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await screenshot(page, 'stock-dark-en');
    await page.getByRole('button', { name: 'Switch to light theme' }).locator('visible=true').click();
    await page.locator('[data-testid=lang-switch]:visible').click();
    await page.getByTestId('menu-button').click();
    await page.getByRole('dialog').getByRole('link', { name: 'Réglages' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reglages');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('an item page: edit fields and save, in English', async () => {
    const tab = await openTab(browser, server.base, LAPTOP, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/stock/${ids.Pull}`);
    await expect.poll(() => page.getByTestId('item-title').textContent()).toContain('Ralph Lauren');
    await page.getByLabel('Title', { exact: true }).fill('Pull col rond Ralph Lauren M bleu marine');
    await page.getByLabel('Price (€)', { exact: true }).fill('42,50');
    await page.getByTestId('item-save').click();
    await expect.poll(async () => (await api<{ price: number }>(server.base, 'GET', `/listings/${ids.Pull}`)).body.price).toBe(42.5);
    const saved = await api<{ title: string; price_history: unknown[] }>(server.base, 'GET', `/listings/${ids.Pull}`);
    expect(saved.body.title).toBe('Pull col rond Ralph Lauren M bleu marine');
    expect(saved.body.price_history.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('item-title').textContent()).toBe('Pull col rond Ralph Lauren M bleu marine');
    await screenshot(page, 'item');
    // A bad value is named in plain words, and nothing is saved.
    await page.getByLabel('Price (€)', { exact: true }).fill('0,5');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByText('Some values are not accepted').count()).toBeGreaterThan(0);
    expect((await api<{ price: number }>(server.base, 'GET', `/listings/${ids.Pull}`)).body.price).toBe(42.5);
    expect(tab.errors).toEqual([]);
    await tab.close();
    const phone = await openTab(browser, server.base, PHONE, { lang: 'en' });
    await phone.page.goto(`${server.base}/stock/${ids.Baskets ?? ids.BasketsNike}`);
    await expect.poll(() => phone.page.getByTestId('item-title').count()).toBe(1);
    await screenshot(phone.page, 'item-long-title');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
