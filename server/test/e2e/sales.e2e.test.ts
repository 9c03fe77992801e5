import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';

// Issue 18 in the browser: an item sold from its page becomes an order, waits in the to-ship list with the shelf it
// sits on, ships in one click; the Statistics page shows the same figures as the API, and the tax threshold with its
// "information, not tax advice" sentence. French on a laptop, English on a phone. A sale whose item had no purchase
// cost shows no margin ("—", and why) until the seller enters the cost in the ledger, and Statistics says it is left out.
let server: Server;
let browser: Browser;

interface Created { id: string; sku: string }
type Totals = { sales: number; revenue: number; cost_of_goods: number; expenses: number; margin: number; margin_unknown_count: number };

async function item(body: Record<string, unknown>): Promise<Created> {
  const r = await api<Created>(server.base, 'POST', '/listings', {
    description: `${String(body.title)}.\nEnvoi rapide.`, hashtags: ['vinted', 'mode', 'seconde'], category: 'jumper', condition: 'good', status: 'listed', ...body,
  });
  if (r.status !== 201) throw new Error(`seed ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Spaces as a person reads them: Intl writes narrow no-break spaces in French amounts. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
const euros = (v: number, lang: 'fr' | 'en') => plain(new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(v));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Two earlier sales recorded through the API (one already shipped), an hour ago: in this year and this month's window.
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const a = await item({ title: 'Veste Barbour Beaufort 40', price: 80, purchase_cost: 20, storage_location: 'Étagère A1' });
  const b = await item({ title: 'Jean Levi’s 501 W30', price: 30, purchase_cost: 5, storage_location: 'Carton C2' });
  const oa = await api<{ order: { id: string } }>(server.base, 'POST', '/orders', { item_id: a.id, sale_price: 70, packaging_cost: 1.5, sold_at: hourAgo, buyer_name: 'lea_v' });
  const ob = await api<{ order: { id: string } }>(server.base, 'POST', '/orders', { item_id: b.id, sale_price: 25, sold_at: hourAgo });
  expect([oa.status, ob.status]).toEqual([201, 201]);
  expect((await api(server.base, 'PATCH', `/orders/${ob.body.order.id}`, { status: 'shipped' })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Sells the item from its page through the sold dialog, then follows the toast's link to the Sales page. */
async function sellFromItemPage(page: Page, id: string, price: string, words: { mark: string; label: string; see: string }) {
  await page.goto(`${server.base}/stock/${id}`);
  await page.getByTestId('mark-sold').click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(words.label).fill(price);
  await dialog.getByRole('button', { name: words.mark }).click();
  await page.getByRole('button', { name: words.see }).click();
  await page.waitForURL(/\/ventes$/);
}

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

describe('Ventes and Statistiques', () => {
  test('fr @1440: sold from its page, shipped from the to-ship list, the figures match the API', async () => {
    const pull = await item({ title: 'Pull Ralph Lauren torsadé M', price: 45, purchase_cost: 10, storage_location: 'Carton B3' });
    // A price drop before the sale: the price-drops card counts it.
    expect((await api(server.base, 'PATCH', `/listings/${pull.id}`, { price: 42 })).status).toBe(200);
    const tab = await openTab(browser, server.base, LAPTOP, { lang: 'fr' });
    const { page } = tab;
    await sellFromItemPage(page, pull.id, '40', { mark: 'Marquer vendu', label: 'Prix de vente (€)', see: 'Voir les ventes' });

    // The to-ship list: oldest first (the Barbour sold an hour ago), each with where it waits.
    const rows = page.getByTestId('to-ship-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(plain(await rows.nth(0).textContent())).toContain('Veste Barbour Beaufort 40');
    expect(plain(await rows.nth(0).getByTestId('to-ship-location').textContent())).toBe('Emplacement Étagère A1');
    expect(plain(await rows.nth(1).textContent())).toContain('Pull Ralph Lauren torsadé M');
    expect(plain(await rows.nth(1).getByTestId('to-ship-location').textContent())).toBe('Emplacement Carton B3');
    expect(plain(await rows.nth(1).textContent())).toContain(`${euros(40, 'fr')} · Réf. ${pull.sku}`);
    expect(plain(await page.getByTestId('to-ship').getByRole('heading').textContent())).toContain('2 colis à préparer');
    await expect.poll(() => page.getByTestId('ledger-row').count()).toBe(3);
    await screenshot(page, 'sales-fr');

    // One click ships it: out of the list, "Expédié" in the ledger, and so in the API.
    await rows.nth(1).getByRole('button', { name: 'Marquer expédié' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    const ledgerPull = page.getByTestId('ledger-row').filter({ hasText: 'Pull Ralph Lauren' });
    await expect.poll(() => ledgerPull.textContent()).toContain('Expédié');
    const orders = (await api<{ orders: { item_id: string; status: string; sale_price: number; margin: number }[] }>(server.base, 'GET', '/orders')).body.orders;
    expect(orders.find((o) => o.item_id === pull.id)).toMatchObject({ status: 'shipped', sale_price: 40, margin: 30 });

    // Statistics: the API's totals are the three sales (computed here), and the page prints them.
    const expected: Totals = { sales: 3, revenue: 70 + 25 + 40, cost_of_goods: 20 + 5 + 10, expenses: 1.5, margin: 135 - 35 - 1.5, margin_unknown_count: 0 };
    const summary = (await api<{ totals: Totals }>(server.base, 'GET', '/analytics/summary?period=month')).body;
    expect(summary.totals).toEqual(expected);
    await page.getByRole('link', { name: 'Statistiques' }).first().click();
    const totals = page.getByTestId('summary-totals');
    await expect.poll(async () => plain(await totals.textContent())).toContain(euros(135, 'fr'));
    const text = plain(await totals.textContent());
    for (const v of [euros(35, 'fr'), euros(98.5, 'fr')]) expect(text).toContain(v);
    const tax = (await api<{ sales: number; total: number; warning: boolean }>(server.base, 'GET', '/analytics/tax-threshold')).body;
    expect(tax).toMatchObject({ sales: 3, total: 135, warning: false });
    const taxCard = page.getByTestId('tax-threshold');
    expect(plain(await taxCard.textContent())).toContain(`sur Vinted : 3 ventes / 30, ${euros(135, 'fr')} / 2 000 €`);
    expect(await taxCard.getByTestId('tax-notice').textContent()).toMatch(/^Information, pas un conseil fiscal/);
    const drops = (await api<{ sold: number; sold_after_drop: number }>(server.base, 'GET', '/analytics/price-drops?days=7')).body;
    expect(drops).toMatchObject({ sold: 3, sold_after_drop: 1 });
    expect(await page.getByTestId('price-drops').textContent()).toContain('1 vente sur 3 après une baisse');
    await screenshot(page, 'statistics-fr');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('en @390: the same journey on a phone, nothing wider than the screen', async () => {
    const shirt = await item({ title: 'Oxford shirt Ralph Lauren L', price: 30, purchase_cost: 6, storage_location: 'Box 4' });
    // The sales so far (this test may run alone): this one must add 28 € of revenue, 6 € of cost, a 22 € margin.
    const before = (await api<{ totals: Totals }>(server.base, 'GET', '/analytics/summary?period=month')).body.totals;
    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await sellFromItemPage(page, shirt.id, '28', { mark: 'Mark sold', label: 'Sale price (€)', see: 'See sales' });
    const row = page.getByTestId('to-ship-row').filter({ hasText: 'Oxford shirt' });
    await expect.poll(() => row.count()).toBe(1);
    expect(plain(await row.getByTestId('to-ship-location').textContent())).toBe('Location Box 4');
    await noSideways(page);
    await screenshot(page, 'sales-en');
    // The ledger on a phone: no margin column, the margin under the price (30 € would be the price, 22 € the margin).
    const ledgerRow = page.getByTestId('ledger-row').filter({ hasText: 'Oxford shirt' });
    expect(plain(await ledgerRow.getByTestId('ledger-margin-phone').textContent())).toBe(`Margin ${euros(22, 'en')}`);
    expect(await ledgerRow.getByTestId('ledger-margin-phone').isVisible()).toBe(true);
    await row.getByRole('button', { name: 'Mark shipped' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const orders = (await api<{ orders: { item_id: string; status: string }[] }>(server.base, 'GET', '/orders?status=shipped')).body.orders;
    expect(orders.map((o) => o.item_id)).toContain(shirt.id);

    await page.goto(`${server.base}/statistiques`);
    const summary = (await api<{ totals: Totals }>(server.base, 'GET', '/analytics/summary?period=month')).body;
    const after = { ...before, sales: before.sales + 1, revenue: before.revenue + 28, cost_of_goods: before.cost_of_goods + 6, margin: before.margin + 22 };
    expect(summary.totals).toEqual(after);
    await expect.poll(async () => plain(await page.getByTestId('summary-totals').textContent())).toContain(euros(after.revenue, 'en'));
    expect(plain(await page.getByTestId('summary-totals').textContent())).toContain(euros(after.margin, 'en'));
    const taxCard = page.getByTestId('tax-threshold');
    expect(plain(await taxCard.textContent())).toContain(`on Vinted: ${after.sales} sales / 30, ${euros(after.revenue, 'en')} / €2,000`);
    expect(await taxCard.getByTestId('tax-notice').textContent()).toMatch(/^Information, not tax advice/);
    // The price model learned from sales waits for 50 of them; "Train now" records the run and says why the table stays.
    const model = page.getByTestId('price-model');
    expect(await model.getByTestId('price-model-state').textContent()).toBe(`${after.sales} sales recorded of the 50 needed: the price table sets prices meanwhile.`);
    expect(await model.textContent()).toContain('Never trained.');
    await model.getByTestId('price-model-train').click();
    await expect.poll(async () => model.textContent()).toContain('Not enough sales at the last training. Last training:');
    await noSideways(page);
    await screenshot(page, 'statistics-en');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('fr @1440: a sale without a purchase cost shows "—" until its cost is entered, and Statistics counts it apart', async () => {
    const coat = await item({ title: 'Manteau laine vintage', price: 60, storage_location: 'Penderie' });
    const before = (await api<{ totals: Totals }>(server.base, 'GET', '/analytics/summary?period=month')).body.totals;
    const sold = await api<{ order: { id: string; cost: number | null; margin: number | null } }>(server.base, 'POST', '/orders', { item_id: coat.id, sale_price: 55, fees: 2 });
    expect(sold.status).toBe(201);
    expect(sold.body.order).toMatchObject({ cost: null, margin: null });
    const tab = await openTab(browser, server.base, LAPTOP, { lang: 'fr' });
    const { page } = tab;

    // Statistics: the margin leaves it out and says so; the revenue counts it.
    await page.goto(`${server.base}/statistiques`);
    const totals = page.getByTestId('summary-totals');
    await expect.poll(async () => plain(await totals.textContent())).toContain(euros(before.revenue + 55, 'fr'));
    expect(plain(await totals.textContent())).toContain(euros(before.margin, 'fr'));
    expect(await page.getByTestId('margin-unknown-count').textContent()).toBe(`${before.margin_unknown_count + 1} vente${before.margin_unknown_count ? 's' : ''} sans coût d’achat, hors marge`);

    // The ledger: "—" and why instead of 53 €, then the cost entered there (French comma) gives the margin.
    await page.goto(`${server.base}/ventes`);
    const row = page.getByTestId('ledger-row').filter({ hasText: 'Manteau laine vintage' });
    await expect.poll(() => row.count()).toBe(1);
    // The cell of the margin column (a phone shows the same under the price instead).
    const cell = row.locator('[data-testid=margin-unknown]:visible');
    expect(plain(await cell.textContent())).toContain('— coût d’achat inconnu');
    expect(plain(await row.textContent())).not.toContain(euros(53, 'fr'));
    await screenshot(page, 'sales-cost-unknown-fr');
    await cell.getByRole('button', { name: 'Saisir le coût' }).click();
    await cell.getByLabel('Coût d’achat (€)').fill('12,50');
    await cell.getByRole('button', { name: 'OK' }).click();
    await expect.poll(async () => plain(await row.textContent())).toContain(euros(55 - 12.5 - 2, 'fr'));
    expect(await row.locator('[data-testid=margin-unknown]:visible').count()).toBe(0);
    const order = (await api<{ cost: number; margin: number }>(server.base, 'GET', `/orders/${sold.body.order.id}`)).body;
    expect(order).toMatchObject({ cost: 12.5, margin: 40.5 });
    await screenshot(page, 'sales-cost-entered-fr');

    const after = (await api<{ totals: Totals }>(server.base, 'GET', '/analytics/summary?period=month')).body.totals;
    expect(after).toEqual({ ...before, sales: before.sales + 1, revenue: before.revenue + 55, cost_of_goods: before.cost_of_goods + 12.5, expenses: before.expenses + 2, margin: before.margin + 40.5 });
    await page.goto(`${server.base}/statistiques`);
    await expect.poll(async () => plain(await page.getByTestId('summary-totals').textContent())).toContain(euros(after.margin, 'fr'));
    expect(await page.getByTestId('margin-unknown-count').count()).toBe(before.margin_unknown_count ? 1 : 0);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
