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
    await expect.poll(() => page.getByText('3 articles modifiés').count()).toBe(1);
    const listed = await api<{ items: { title: string }[] }>(server.base, 'GET', '/listings?status=listed&limit=50');
    expect(listed.body.items.map((i) => i.title).sort()).toEqual(expect.arrayContaining([expect.stringContaining('Robe fleurie'), expect.stringContaining('Baskets Nike'), expect.stringContaining('Veste en jean')]));
    expect(listed.body.items).toHaveLength(5);
    // Asking again changes nothing, and says so rather than "modified".
    await page.getByRole('checkbox', { name: /Sélectionner « Robe fleurie/ }).click();
    await page.getByTestId('bulk-status').selectOption('listed');
    await page.getByTestId('bulk-apply').click();
    await expect.poll(() => page.getByText('Aucun article modifié, 1 déjà dans ce statut').count()).toBe(1);

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
    await expect.poll(() => page.getByTestId('stock-search').getAttribute('placeholder')).toBe('Title, brand, SKU, location…');
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

  test('a bad price filter is said so and filters nothing; labels are whole at 1440 px; each item says whether it drops; demo items are marked', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock`);
    const rows = page.getByTestId('stock-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const all = await rows.count();
    await page.getByTestId('stock-filters-toggle').click();
    await page.getByLabel('Prix min (€)').fill('abc');
    await page.getByText('Un montant en euros, par exemple 12,50.').waitFor();
    await page.waitForTimeout(700);
    // Not an active filter, not in the address, the list unchanged.
    expect(await page.getByTestId('stock-filters-toggle').textContent()).toBe('Filtres');
    expect(page.url()).not.toContain('min_price');
    expect(await rows.count()).toBe(all);
    // Every filter label is whole at this width (none cut by its column).
    const cut = await page.locator('#stock-filters label').evaluateAll((ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    expect(cut).toEqual([]);
    // Nor the choices in the menus ("Toutes les catégories"): each box is wide enough.
    const narrow = await page.locator('#stock-filters select, #stock-filters input').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width < 180).map((e) => e.id));
    expect(narrow).toEqual([]);
    await screenshot(page, 'stock-filters-invalid');
    await page.getByLabel('Prix min (€)').fill('');

    // The items on sale say whether the automatic drop lowers them, and down to what.
    const plans = await api<{ items: { title: string; status: string; auto_drop_plan?: { will_drop: boolean; reason: string } }[] }>(server.base, 'GET', '/listings?status=listed&limit=50');
    const listed = plans.body.items.filter((i) => i.auto_drop_plan);
    expect(listed.length).toBeGreaterThan(0);
    for (const it of listed) {
      const row = rows.filter({ hasText: it.title.slice(0, 20) }).first();
      const badge = row.getByTestId('drop-badge');
      if (it.auto_drop_plan!.will_drop) expect(await badge.textContent()).toMatch(/Baisse auto jusqu’à \d+,\d\d/);
      else if (it.auto_drop_plan!.reason === 'no_floor') expect(await badge.textContent()).toBe('Pas de baisse auto : aucun plancher');
    }

    // Demo items carry a badge, in the list and on their page.
    const demo = await api<{ items: { id: string }[] }>(server.base, 'POST', '/test/photoset', {});
    expect(demo.status).toBe(201);
    await page.goto(`${server.base}/stock`);
    await expect.poll(() => page.getByTestId('stock-table').getByTestId('demo-badge').count()).toBe(demo.body.items.length);
    await page.goto(`${server.base}/stock/${demo.body.items[0].id}`);
    await expect.poll(() => page.getByTestId('demo-badge').textContent()).toBe('démo');
    await api(server.base, 'DELETE', '/test/photoset');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('marking an item sold asks for the sale price, then stops drops and publication', async () => {
    const [item] = await seedStock(server.base, [{ title: 'Manteau laine Sézane 38', brand: 'Sézane', size: '38', category: 'coat', condition: 'very_good', colors: ['beige'], price: 120, status: 'listed' }]);
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock/${item.id}`);
    await page.getByTestId('vinted-panel').waitFor();
    await page.getByTestId('sale-score-card').waitFor();
    await page.getByTestId('mark-sold').click();
    const dialog = page.getByRole('alertdialog');
    // Prefilled with the listing price; the seller types what the buyer paid.
    expect(await dialog.getByLabel('Prix de vente (€)').inputValue()).toBe('120');
    await dialog.getByLabel('Prix de vente (€)').fill('95,50');
    await dialog.getByRole('button', { name: 'Marquer vendu' }).click();
    await expect.poll(() => page.getByTestId('sale-card').textContent()).toContain('95,50');
    const sold = (await api<{ status: string; sold_price: number; auto_drop: boolean; publish_opt_in: boolean }>(server.base, 'GET', `/listings/${item.id}`)).body;
    expect(sold).toMatchObject({ status: 'sold', sold_price: 95.5, auto_drop: false, publish_opt_in: false });
    // No checklist "to fix before publishing", no drop, no "Préparer sur Vinted".
    expect(await page.getByTestId('vinted-panel').count()).toBe(0);
    expect(await page.getByText('Baisse automatique', { exact: true }).count()).toBe(0);
    expect(await page.getByText('avant publication').count()).toBe(0);
    // Nor a "chance of selling" for what is sold.
    expect(await page.getByTestId('sale-score-card').count()).toBe(0);
    await screenshot(page, 'item-sold');
    // The sale is shipped from the sales page: the sale card leads there.
    await page.getByTestId('sale-card').getByRole('link', { name: 'Voir les ventes' }).click();
    await page.getByTestId('to-ship-row').filter({ hasText: 'Manteau laine Sézane 38' }).waitFor();
    // Choosing "Vendu" in the status menu asks too.
    const [other] = await seedStock(server.base, [{ title: 'Chemise oxford Ralph Lauren M', price: 30, status: 'listed' }]);
    await page.goto(`${server.base}/stock/${other.id}`);
    await page.getByTestId('item-status').selectOption('sold');
    await page.getByRole('alertdialog').getByLabel('Prix de vente (€)').waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Annuler' }).click();
    expect((await api<{ status: string }>(server.base, 'GET', `/listings/${other.id}`)).body.status).toBe('listed');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('an item’s automatic drop keeps the seller’s decimal comma after saving', async () => {
    const [item] = await seedStock(server.base, [{ title: 'Blazer laine Maje 36', brand: 'Maje', price: 60, status: 'listed' }]);
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock/${item.id}`);
    // No floor and no suggested minimum: the plan says it will not drop, and no falling path is drawn against it.
    await expect.poll(() => page.getByTestId('auto-drop-plan').getAttribute('data-will-drop')).toBe('false');
    expect(await page.getByTestId('drop-simulation-needs-floor').textContent()).toContain('Saisissez un prix plancher');
    expect(await page.getByTestId('drop-simulation').count()).toBe(0);
    await page.locator('#drop-rate').fill('7,5');
    await page.locator('#drop-floor').fill('32,50');
    // A floor typed: the path to it is drawn before saving.
    await page.getByTestId('drop-simulation').waitFor();
    await page.getByTestId('auto-drop-save').click();
    await expect.poll(async () => (await api<{ drop_rate: number | null; floor: number | null }>(server.base, 'GET', `/listings/${item.id}`)).body).toMatchObject({ drop_rate: 0.075, floor: 32.5 });
    await page.reload();
    await expect.poll(() => page.locator('#drop-rate').inputValue()).toBe('7,5');
    expect(await page.locator('#drop-floor').inputValue()).toBe('32,50');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('the same photo edit on several items: the dialog runs the job, shows its progress and one result per photo', async () => {
    for (const [lang, viewport] of [['fr', LAPTOP], ['en', PHONE]] as const) {
      const tab = await openTab(browser, server.base, viewport, { lang });
      const { page } = tab;
      await page.goto(`${server.base}/stock`);
      const select = lang === 'fr' ? /Sélectionner « (Pull col rond|Jean 501)/ : /Select “(Pull col rond|Jean 501)/;
      const boxes = page.getByRole('checkbox', { name: select });
      await expect.poll(() => boxes.count()).toBe(2);
      for (const box of await boxes.all()) await box.click();
      await page.getByTestId('photo-batch-open').click();
      const dialog = page.getByTestId('photo-batch-dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').first().textContent()).toBe(lang === 'fr' ? 'Retoucher les photos de 2 articles' : 'Edit the photos of 2 items');
      await screenshot(page, `stock-photo-batch-${lang}`);
      await dialog.getByTestId('photo-batch-start').click();
      // The jumper has one photo, the jeans none: one photo edited.
      await dialog.getByText(lang === 'fr' ? '1 photo retouchée' : '1 photo edited').waitFor();
      expect(await dialog.getByTestId('photo-batch-progress').textContent()).toContain('1 / 1 photos');
      await screenshot(page, `stock-photo-batch-done-${lang}`);
      expect(tab.errors).toEqual([]);
      await tab.close();
    }
    const edits = (await api<{ photos: { edited: boolean; params: { auto: boolean; aspect: string } }[] }>(server.base, 'GET', `/listings/${ids.Pull}/photo-edits`)).body;
    expect(edits.photos).toMatchObject([{ edited: true, params: { auto: true, aspect: '4:5' } }]);
  });

  test('the item page\'s photo editor: a quarter turn and a 4:5 crop are rendered, kept, and read back after a reload', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock/${ids.Pull}`);
    await page.getByRole('button', { name: 'Retoucher', exact: true }).click();
    const editor = page.getByTestId('photo-editor');
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Tourner à droite' }).click();
    await editor.getByLabel('Format').selectOption('4:5');
    await editor.getByLabel('Luminosité').fill('20');
    await editor.getByTestId('photo-edit-apply').click();
    await page.getByText('Retouche enregistrée').first().waitFor();
    const stored = (await api<{ photos: { edited: boolean; params: { rotate: number; aspect: string; brightness: number; crop: { width: number; height: number } } }[] }>(server.base, 'GET', `/listings/${ids.Pull}/photo-edits`)).body.photos[0];
    expect(stored).toMatchObject({ edited: true, params: { rotate: 90, aspect: '4:5', brightness: 20 } });
    await screenshot(page, 'item-photo-editor');

    // After a reload the editor shows the stored edit: the same ratio and light, not the defaults.
    await page.reload();
    await page.getByRole('button', { name: 'Retoucher', exact: true }).click();
    await expect.poll(() => page.getByTestId('photo-editor').getByLabel('Format').inputValue()).toBe('4:5');
    expect(await page.getByTestId('photo-editor').getByLabel('Luminosité').inputValue()).toBe('20');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
