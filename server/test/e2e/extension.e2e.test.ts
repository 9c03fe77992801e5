import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FakeVinted, startFakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { makeItem } from '../vinted/vinted-fixtures.ts';
import { api, CHROMIUM_PATH, screenshot, type Server, startServer } from './helpers/browser.ts';

// The VintedBot extension, built for the test host and loaded in Debian's Chromium (headless new mode), against
// the fake Vinted answering for www.vinted.fr: the seller pairs it, fills and publishes one draft from the panel,
// meets a challenge page, brings back sales, imports a wardrobe, applies a price and relists a listing. The fake site is the only thing faked.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const EXT_DIR = path.join(ROOT, 'extension/dist/test-chromium');
const HOST = 'www.vinted.fr';

/**
 * A message of the extension in the language Chromium gives it (headless Chromium here keeps its English UI whatever
 * LANGUAGE says; the extension follows the browser): the French or the English text, with its placeholder cut off.
 */
const locales = ['fr', 'en'].map((l) => JSON.parse(fs.readFileSync(path.join(ROOT, `extension/public/_locales/${l}/messages.json`), 'utf8')) as Record<string, { message: string }>);
const said = (key: string) => new RegExp(locales.map((m) => m[key].message.split('$VALUE$')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

let fake: FakeVinted;
let server: Server;
let context: BrowserContext;
let extensionId: string;
let profile: string;
let sellerId: number;

beforeAll(async () => {
  execFileSync('node', ['extension/scripts/build.mjs'], { cwd: ROOT, env: { ...process.env, VINTEDBOT_TEST_HOSTS: HOST }, stdio: 'pipe' });
  fake = await startFakeVinted();
  server = await startServer({ VINTED_QUEUE_INTERVAL_SECONDS: '0' });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-ext-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    // Extensions load in the new headless mode only, which Playwright starts when told "not headless" plus the flag.
    headless: false,
    locale: 'fr-FR',
    // The extension follows the browser's own language: on Linux, Chromium takes it from LANGUAGE.
    env: { ...process.env, LANGUAGE: 'fr', LANG: 'fr_FR.UTF-8' },
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--lang=fr',
      `--disable-extensions-except=${EXT_DIR}`, `--load-extension=${EXT_DIR}`,
      `--host-resolver-rules=MAP ${HOST} ${new URL(fake.url).host}`,
    ],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(sw.url()).host;
  // The seller is logged in on Vinted in this browser: the fake's session cookies on its host name.
  const { session } = fake.addSession('marie_vend');
  sellerId = session.userId;
  await context.addCookies([
    { name: 'access_token_web', value: session.token, domain: HOST, path: '/' },
    { name: 'anon_id', value: 'anon-e2e-1', domain: HOST, path: '/' },
  ]);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await fake?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

async function pairExtension(): Promise<void> {
  // As a seller would: the settings page's "Connecter l'extension" shows a code, typed with the app's address in the
  // extension's options.
  const settings = await context.newPage();
  await settings.goto(`${server.base}/reglages`);
  await settings.getByTestId('extension-connect').click();
  const code = (await settings.getByTestId('extension-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('vb-app-address').fill(server.base);
  await page.getByTestId('vb-pair-code').fill(code);
  await page.getByTestId('vb-pair').click();
  await expect.poll(() => page.getByTestId('vb-pair-result').textContent()).toMatch(said('optionsPairedNow'));
  await expect.poll(() => page.getByTestId('vb-pair-status').textContent()).toContain(server.base);
  await page.close();
  // The settings now list the paired browser, with its revoke button.
  await settings.reload();
  await settings.locator('[data-testid^="extension-token-"]').first().waitFor();
  await screenshot(settings, 'extension-settings');
  await settings.close();
  expect((await api<{ tokens: unknown[] }>(server.base, 'GET', '/extension/tokens')).body.tokens).toHaveLength(1);
}

async function vintedTab(pathname: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`http://${HOST}${pathname}`);
  return page;
}

describe('the VintedBot extension in Chromium', () => {
  test('pairs, fills a ready draft on the new-item form, and publishes it only at the panel\'s button', async () => {
    await pairExtension();
    const item = await makeItem(server, { title: 'Sweat à capuche Nike noir L', category: 'hoodie', brand: 'Nike', size: 'L', colors: ['black', 'grey'], gender: 'men', condition: 'good', price: 22.5 });

    const page = await vintedTab('/items/new');
    const panel = page.getByTestId('vb-panel');
    await panel.getByTestId('vb-search').fill('capuche');
    await panel.getByTestId(`vb-draft-${item.id}`).click();
    await panel.getByTestId('vb-fill').click();
    const filled = panel.getByTestId('vb-filled');
    await filled.waitFor({ timeout: 60_000 });
    const fields = await filled.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(fields).toEqual(['photos', 'title', 'description', 'category', 'brand', 'size', 'condition', 'colours', 'price', 'package_size']);
    await screenshot(page, 'extension-filled');
    // Filled, not published: nothing reached the site's create endpoint.
    expect(fake.items.size).toBe(0);
    expect(fake.photos.size).toBe(3);

    await panel.getByTestId('vb-publish').click();
    await page.waitForURL(/\/items\/\d+$/);
    await page.getByTestId('vb-panel').getByTestId('vb-linked').waitFor();
    expect(fake.items.size).toBe(1);
    const [created] = [...fake.items.values()];
    expect(created.payload).toMatchObject({
      title: 'Sweat à capuche Nike noir L', catalog_id: 267, brand_id: 53, status_id: 3, color_ids: [1, 3], price: 22.5, package_size_id: 2,
    });
    expect((created.payload.assigned_photos as unknown[]).length).toBe(3);
    const listed = (await api<{ status: string; vinted: { listing_id: string; url: string } }>(server.base, 'GET', `/listings/${item.id}`)).body;
    expect(listed.status).toBe('listed');
    expect(listed.vinted).toMatchObject({ listing_id: String(created.id), url: `http://${HOST}/items/${created.id}` });
    await page.close();
  });

  test('a form whose markup it does not know: fills what it recognises and lists the rest', async () => {
    const item = await makeItem(server, { title: 'Jean Levi\'s 501 bleu W32', category: 'jeans', brand: "Levi's", size: 'W32', colors: ['blue'], condition: 'very_good', price: 30 });
    fake.setFault({ kind: 'renamed_title', on: [] });
    const page = await vintedTab('/items/new');
    // A title field renamed beyond the fallbacks (Vinted changes its markup without notice).
    await page.evaluate(() => document.querySelector('[name="title"]')?.setAttribute('name', 'listing-heading'));
    const panel = page.getByTestId('vb-panel');
    await panel.getByTestId(`vb-draft-${item.id}`).click();
    await panel.getByTestId('vb-fill').click();
    await panel.getByTestId('vb-filled').waitFor({ timeout: 60_000 });
    const fields = await panel.getByTestId('vb-filled').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(fields).not.toContain('title');
    expect(fields).toContain('description');
    expect(await panel.getByTestId('vb-left').textContent()).toMatch(/Titre : champ introuvable|Title: field not found/);
    fake.setFault(null);
    await page.close();
  });

  test('a captcha page or a restriction banner: the panel does nothing there and says so', async () => {
    fake.setFault({ kind: 'datadome', on: ['page'] });
    const captcha = await vintedTab('/items/new');
    const notice = captcha.getByTestId('vb-panel').getByTestId('vb-challenge');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(said('challenge_captcha'));
    expect(await captcha.getByTestId('vb-fill').count()).toBe(0);
    await captcha.close();

    fake.setFault({ kind: 'restricted', on: [] });
    const restricted = await vintedTab('/items/new');
    await restricted.getByTestId('vb-panel').getByTestId('vb-challenge').waitFor();
    expect(await restricted.getByTestId('vb-panel').textContent()).toMatch(said('challenge_restriction'));
    expect(await restricted.getByTestId('vb-fill').count()).toBe(0);
    await screenshot(restricted, 'extension-challenge');
    await restricted.close();
    fake.setFault(null);
    expect(fake.items.size).toBe(1);
  });

  test('brings back 5 sales from the sold-orders pages at the seller\'s click, once', async () => {
    const shipping = ['to_ship', 'shipped', 'delivered', 'completed', 'shipped'] as const;
    const linked: { itemId: string; listingId: number; price: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const title = `Robe fleurie taille ${36 + i}`;
      const listingId = fake.addListing({ title, price: 20 + i });
      const item = await makeItem(server, { title, price: 20 + i, status: 'listed', vinted: { listing_id: String(listingId), url: `http://${HOST}/items/${listingId}` } });
      linked.push({ itemId: item.id, listingId, price: 18 + i });
      fake.addSale({ listing_id: listingId, title, price: 18 + i, buyer: `acheteuse_${i}`, sold_at: `2026-11-2${i}T10:00:00.000Z`, shipping: shipping[i] });
    }
    const page = await vintedTab('/my_orders/sold');
    const panel = page.getByTestId('vb-panel');
    await panel.getByTestId('vb-import-sales').click();
    // Two pages of sales (3 + 2): the panel goes on to the second by the page's own "next" link.
    await page.waitForURL(/page=2/);
    const done = page.getByTestId('vb-panel').getByTestId('vb-sales-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^5 /);
    await screenshot(page, 'extension-sales');
    const all = (await api<{ orders: { item_id: string; status: string; buyer_name: string; source: string }[] }>(server.base, 'GET', '/orders?limit=50')).body.orders;
    expect(all).toHaveLength(5);
    for (const [i, l] of linked.entries()) {
      const item = (await api<{ status: string; sold_price: number }>(server.base, 'GET', `/listings/${l.itemId}`)).body;
      expect(item).toMatchObject({ status: 'sold', sold_price: l.price });
      const orders = all.filter((o) => o.item_id === l.itemId);
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ buyer_name: `acheteuse_${i}`, source: 'extension', status: shipping[i] === 'to_ship' ? 'sold' : shipping[i] });
    }

    // Read again from the first page: nothing new.
    await page.goto(`http://${HOST}/my_orders/sold`);
    await page.getByTestId('vb-panel').getByTestId('vb-import-sales').click();
    await page.waitForURL(/page=2/);
    const again = page.getByTestId('vb-panel').getByTestId('vb-sales-done');
    await again.waitFor();
    expect(await again.textContent()).toMatch(/^0 .*5 /);
    expect((await api<{ orders: unknown[] }>(server.base, 'GET', '/orders?limit=50')).body.orders).toHaveLength(5);
    await page.close();
  });

  test('imports a 30-listing wardrobe page by page with photos, links what the stock has, and re-imports nothing', async () => {
    const photoDir = path.join(ROOT, 'server/test/fixtures/photos');
    const files = fs.readdirSync(photoDir, { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(photoDir, d.name)).sort().map((f) => path.join(photoDir, d.name, f))).slice(0, 30);
    const cards = files.map((f, i) => fake.addWardrobeItem(sellerId, {
      title: `Annonce garde-robe n°${i + 1}`, price: 5 + i, status: i === 3 ? 'reserved' : 'active', photos: [{ data: fs.readFileSync(f), mime: 'image/jpeg' }],
    }));
    // One listing is already a draft in the stock (the same photo, another title): the import links it.
    const [photo] = await server.ctx.photos.ingestFiles([{ buffer: fs.readFileSync(files[7]), filename: 'deja.jpg' }]);
    const draft = (await api<{ id: string }>(server.base, 'POST', '/listings', { title: 'Brouillon déjà saisi', price: 12, photos: [photo.id] })).body;
    const total = async () => (await api<{ total: number }>(server.base, 'GET', '/listings?limit=1&include_total=true')).body.total;
    const before = await total();

    const page = await vintedTab(`/member/${sellerId}-marie_vend`);
    await page.getByTestId('vb-panel').getByTestId('vb-import-wardrobe').click();
    await page.waitForURL(/page=3/, { timeout: 60_000 });
    const done = page.getByTestId('vb-panel').getByTestId('vb-wardrobe-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/^29 .*\b1 .*3 /);
    await screenshot(page, 'extension-wardrobe');
    expect(await total()).toBe(before + 29);
    const linked = (await api<{ status: string; vinted: { listing_id: string } }>(server.base, 'GET', `/listings/${draft.id}`)).body;
    expect(linked).toMatchObject({ status: 'listed', vinted: { listing_id: String(cards[7].id) } });
    const imported = (await api<{ items: { title: string; photos: unknown[]; vinted: { listing_id: string } }[] }>(server.base, 'GET', '/listings?limit=100&q=garde-robe')).body.items;
    expect(imported).toHaveLength(29);
    expect(imported.every((i) => i.photos.length === 1)).toBe(true);
    expect(new Set(imported.map((i) => i.vinted.listing_id)).size).toBe(29);

    // Another member's wardrobe: nothing to import there.
    const other = fake.addSession('autre_membre').session;
    await page.goto(`http://${HOST}/member/${other.userId}-autre_membre`);
    await page.getByTestId('vb-panel').getByTestId('vb-not-own-wardrobe').waitFor();

    await page.goto(`http://${HOST}/member/${sellerId}-marie_vend`);
    await page.getByTestId('vb-panel').getByTestId('vb-import-wardrobe').click();
    await page.waitForURL(/page=3/, { timeout: 60_000 });
    const again = page.getByTestId('vb-panel').getByTestId('vb-wardrobe-done');
    await again.waitFor({ timeout: 60_000 });
    expect(await again.textContent()).toMatch(/^0 .*\b30 /);
    expect(await total()).toBe(before + 29);
    await page.close();
  });

  test('applies a dropped price on the listing\'s edit form at the seller\'s click, then offers the next one', async () => {
    const listed = [];
    for (const [title, price] of [['Manteau laine camel', 45], ['Bottines cuir noir 39', 30]] as const) {
      const listingId = fake.addListing({ title, price });
      const item = await makeItem(server, { title, price, status: 'listed', vinted: { listing_id: String(listingId), url: `http://${HOST}/items/${listingId}` } });
      listed.push({ id: item.id, listingId });
    }
    // The prices dropped here: Vinted still shows the old ones.
    await api(server.base, 'PATCH', `/listings/${listed[0].id}`, { price: 42.9 });
    await api(server.base, 'PATCH', `/listings/${listed[1].id}`, { price: 27 });

    const page = await vintedTab(`/items/${listed[0].listingId}`);
    const diff = page.getByTestId('vb-panel').getByTestId('vb-price-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toMatch(/45,00 € → 42,90 €/);
    expect(fake.edits).toHaveLength(0);
    await page.getByTestId('vb-panel').getByTestId('vb-apply-price').click();
    await page.waitForURL(new RegExp(`/items/${listed[0].listingId}$`));
    await page.getByTestId('vb-panel').getByTestId('vb-price-applied').waitFor();
    expect(fake.edits).toEqual([{ id: listed[0].listingId, price: 42.9 }]);
    const item = (await api<{ vinted: { price: number; price_pending: boolean }; price_history: { reason: string; new_price: number }[] }>(server.base, 'GET', `/listings/${listed[0].id}`)).body;
    expect(item.vinted).toMatchObject({ price: 42.9, price_pending: false });
    expect(item.price_history.filter((e) => e.reason === 'applied_on_vinted').map((e) => e.new_price)).toEqual([42.9]);
    await screenshot(page, 'extension-price');

    // "Prix à mettre à jour": the next listing, one at a time, applied only at its own click.
    await page.getByTestId('vb-panel').getByTestId('vb-next-price').click();
    await page.waitForURL(new RegExp(`/items/${listed[1].listingId}$`));
    expect(await page.getByTestId('vb-panel').getByTestId('vb-price-diff').textContent()).toMatch(/30,00 € → 27,00 €/);
    expect(fake.edits).toHaveLength(1);
    await page.close();
  });

  /** A stock item on a live listing of the fake, with everything the form needs. */
  async function liveItem(title: string) {
    const listingId = fake.addListing({ title, price: 25 });
    const item = await makeItem(server, { title, category: 'hoodie', brand: 'Nike', size: 'M', colors: ['black'], gender: 'men', condition: 'good', price: 25, status: 'listed', vinted: { listing_id: String(listingId), url: `http://${HOST}/items/${listingId}` } });
    return { item, listingId };
  }
  const itemOf = async (id: string) => (await api<{ vinted: { listing_id: string; url: string }; price_history: { reason: string }[] }>(server.base, 'GET', `/listings/${id}`)).body;

  test('relists at the seller\'s clicks: a draft copy, published, seen live, and only then the old listing deleted', async () => {
    const { item, listingId } = await liveItem('Sweat Nike noir M à republier');
    const page = await vintedTab(`/items/${listingId}`);
    await page.getByTestId('vb-panel').getByTestId('vb-relist').click();
    await page.waitForURL(/\/items\/new$/);
    await page.getByTestId('vb-panel').getByTestId('vb-relist-draft-saved').waitFor({ timeout: 60_000 });
    // A Vinted draft, nothing published, nothing deleted: the old listing is the only live one.
    const draft = [...fake.drafts.values()].find((d) => d.payload.title === 'Sweat Nike noir M à republier');
    expect(draft?.payload).toMatchObject({ catalog_id: 267, price: 25 });
    const itemsBefore = fake.items.size;
    expect(fake.deleted).toEqual([]);

    await page.getByTestId('vb-panel').getByTestId('vb-relist-publish').click();
    const done = page.getByTestId('vb-panel').getByTestId('vb-relisted');
    await done.waitFor({ timeout: 60_000 });
    const copy = [...fake.items.values()].find((i) => i.payload.title === 'Sweat Nike noir M à republier')!;
    expect(copy.id).not.toBe(listingId);
    expect(fake.items.size).toBe(itemsBefore);
    expect(fake.deleted).toEqual([listingId]);
    // The order the site saw: the copy created, its page loaded, then (only then) the old listing's delete.
    const at = (pred: (r: { method: string; path: string; status: number }) => boolean) => fake.requests.findIndex(pred);
    const created = at((r) => r.method === 'POST' && r.path === '/api/v2/item_upload/items' && r.status === 200);
    const copySeen = at((r) => r.method === 'GET' && r.path === `/items/${copy.id}` && r.status === 200);
    const deletedAt = at((r) => r.method === 'POST' && r.path === `/api/v2/items/${listingId}/delete`);
    expect(created).toBeGreaterThanOrEqual(0);
    expect(copySeen).toBeGreaterThan(created);
    expect(deletedAt).toBeGreaterThan(copySeen);
    const after = await itemOf(item.id);
    expect(after.vinted).toMatchObject({ listing_id: String(copy.id), url: `http://${HOST}/items/${copy.id}` });
    expect(after.price_history.filter((e) => e.reason === 'relisted_on_vinted')).toHaveLength(1);
    await screenshot(page, 'extension-relist');
    await page.close();
  });

  test('a relist whose publish fails stops there: the old listing stays, and the panel says where', async () => {
    const { item, listingId } = await liveItem('Sweat Nike noir M publication refusée');
    const itemsBefore = fake.items.size;
    const deletesBefore = fake.count('delete');
    const page = await vintedTab(`/items/${listingId}`);
    await page.getByTestId('vb-panel').getByTestId('vb-relist').click();
    await page.getByTestId('vb-panel').getByTestId('vb-relist-draft-saved').waitFor({ timeout: 60_000 });
    fake.setFault({ kind: 'server_error', on: ['publish'] });
    await page.getByTestId('vb-panel').getByTestId('vb-relist-publish').click();
    const stopped = page.getByTestId('vb-panel').getByTestId('vb-relist-stopped');
    await stopped.waitFor({ timeout: 60_000 });
    fake.setFault(null);
    expect(await stopped.getAttribute('data-step')).toBe('publish');
    expect(await stopped.textContent()).toMatch(said('relistStopped'));
    expect(fake.items.has(listingId)).toBe(true);
    expect(fake.items.size).toBe(itemsBefore);
    expect(fake.deleted).not.toContain(listingId);
    expect(fake.count('delete')).toBe(deletesBefore);
    const after = await itemOf(item.id);
    expect(after.vinted.listing_id).toBe(String(listingId));
    expect(after.price_history.some((e) => e.reason === 'relisted_on_vinted')).toBe(false);
    // The old listing's page still loads, with "Republier" offered again.
    await page.goto(`http://${HOST}/items/${listingId}`);
    await page.getByTestId('vb-panel').getByTestId('vb-relist').waitFor();
    await page.close();
  });
});
