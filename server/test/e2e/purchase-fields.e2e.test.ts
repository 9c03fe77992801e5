import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { seedStock } from './helpers/seed.ts';

// Issue 18, point 1 in the browser: the item form's "Achat et rangement" section (typed, saved, shown again after a
// reload), the margin of a sold item, and the stock list that shows the storage location and filters by it.

let server: Server;
let browser: Browser;
let shirt: string;
let other: string;

interface Fields { purchase_cost: number | null; acquired_at: string | null; source: string | null; sku: string | null; storage_location: string | null; status: string; sold_price: number | null }
const get = async (id: string) => (await api<Fields>(server.base, 'GET', `/listings/${id}`)).body;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const created = await seedStock(server.base, [
    { title: 'Chemise lin Kiabi L blanche', brand: 'Kiabi', size: 'L', category: 'shirt', condition: 'very_good', colors: ['white'], price: 20, status: 'listed' },
    { title: 'Gilet laine Camaïeu M gris', brand: 'Camaïeu', size: 'M', category: 'jumper', condition: 'good', colors: ['grey'], price: 15, status: 'listed' },
  ]);
  [shirt, other] = created.map((c) => c.id);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Purchase and storage on the item page and the stock list', () => {
  test('in French at 1440 px: type the fields, save, reload, find the item by its location, see the margin once sold', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock/${shirt}`);
    const section = page.getByTestId('purchase-section');
    await section.getByRole('heading', { name: 'Achat et rangement' }).waitFor();
    // Every item has a reference from its creation: the box shows the generated one.
    const generated = (await get(shirt)).sku!;
    expect(generated).toMatch(/^VB-/);
    expect(await section.getByLabel('Référence (SKU)').inputValue()).toBe(generated);

    await section.getByLabel('Coût d’achat (€)').fill('4,50');
    await section.getByLabel('Acheté le').fill('2025-11-15');
    await section.getByLabel('Provenance').fill('Vide-grenier de Nantes');
    await section.getByLabel('Référence (SKU)').fill('CH-0042');
    await section.getByLabel('Emplacement').fill('Boîte 7');
    await page.getByTestId('item-save').click();
    await expect.poll(async () => (await get(shirt)).storage_location).toBe('Boîte 7');
    expect(await get(shirt)).toMatchObject({ purchase_cost: 4.5, acquired_at: '2025-11-15', source: 'Vide-grenier de Nantes', sku: 'CH-0042', storage_location: 'Boîte 7' });
    // The other fields were not touched by this save.
    expect((await get(shirt)).status).toBe('listed');

    await page.reload();
    await section.getByRole('heading', { name: 'Achat et rangement' }).waitFor();
    expect(await section.getByLabel('Coût d’achat (€)').inputValue()).toBe('4,50');
    expect(await section.getByLabel('Acheté le').inputValue()).toBe('2025-11-15');
    expect(await section.getByLabel('Provenance').inputValue()).toBe('Vide-grenier de Nantes');
    expect(await section.getByLabel('Référence (SKU)').inputValue()).toBe('CH-0042');
    expect(await section.getByLabel('Emplacement').inputValue()).toBe('Boîte 7');
    // Not sold yet: no margin.
    expect(await page.getByTestId('item-margin').count()).toBe(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'item-purchase');

    // A negative cost is refused under its box, in French, and nothing is saved.
    await section.getByLabel('Coût d’achat (€)').fill('-3');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByText('Certaines valeurs ne sont pas acceptées').count()).toBeGreaterThan(0);
    expect(await section.getByLabel('Coût d’achat (€)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#item-purchase_cost-error').textContent()).toBe('ne peut pas être négatif');
    expect((await get(shirt)).purchase_cost).toBe(4.5);
    await page.getByRole('button', { name: 'Annuler les modifications' }).click();

    // The stock list shows where each item waits, and the location filter (any case) finds it.
    await page.goto(`${server.base}/stock`);
    const rows = page.getByTestId('stock-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.filter({ hasText: 'Chemise lin' }).getByTestId('stock-location-shown').textContent()).toBe('Rangé : Boîte 7');
    expect(await rows.filter({ hasText: 'Gilet laine' }).getByTestId('stock-location-shown').count()).toBe(0);
    await page.getByTestId('stock-filters-toggle').click();
    await page.getByTestId('stock-location').fill('boîte 7');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Chemise lin');
    expect(new URL(page.url()).searchParams.get('location')).toBe('boîte 7');
    await screenshot(page, 'stock-by-location');
    // A location nobody uses finds nothing; the search box finds the item by its SKU too.
    await page.getByTestId('stock-location').fill('Étagère Z');
    await expect.poll(() => page.getByText('Aucun article ne correspond').count()).toBe(1);
    await page.getByTestId('stock-location').fill('');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('stock-search').fill('CH-0042');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Chemise lin');

    // Sold at 18 €: the item page shows the margin, 18 − 4.50.
    expect((await api(server.base, 'PATCH', `/listings/${shirt}`, { status: 'sold', sold_price: 18 })).status).toBe(200);
    await page.goto(`${server.base}/stock/${shirt}`);
    await expect.poll(() => page.getByTestId('item-margin').textContent()).toMatch(/^Marge : 13,50\s€ \(Vendu 18,00\s€ − acheté 4,50\s€\)$/);
    await page.getByTestId('item-margin').scrollIntoViewIfNeeded();
    await screenshot(page, 'item-margin');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('in English at 390 px: the same section, a saved location, the list filtered by it, nothing wider than the screen', async () => {
    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/stock/${other}`);
    const section = page.getByTestId('purchase-section');
    await section.getByRole('heading', { name: 'Purchase and storage' }).waitFor();
    await section.getByLabel('Purchase cost (€)').fill('3.20');
    await section.getByLabel('Source').fill('Thrift shop');
    await section.getByLabel('Storage location').fill('Shelf B');
    await page.getByTestId('item-save').click();
    await expect.poll(async () => (await get(other)).storage_location).toBe('Shelf B');
    expect(await get(other)).toMatchObject({ purchase_cost: 3.2, source: 'Thrift shop', acquired_at: null });
    await page.reload();
    await section.getByRole('heading', { name: 'Purchase and storage' }).waitFor();
    expect(await section.getByLabel('Purchase cost (€)').inputValue()).toBe('3.20');
    expect(await section.getByLabel('Storage location').inputValue()).toBe('Shelf B');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'item-purchase-en');

    await page.goto(`${server.base}/stock?location=shelf%20b`);
    const cards = page.getByTestId('stock-card');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain('Gilet laine');
    expect(await cards.first().getByTestId('stock-location-shown').textContent()).toBe('Stored: Shelf B');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'stock-by-location-en');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
