import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FakeVinted, startFakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { api, LAPTOP, launchBrowser, openTab, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';

let fake: FakeVinted;
let server: Server;
let browser: Browser;
let itemId: string;

interface Item { id: string; status: string; flags: { publish_ready: boolean; missing_fields: string[] }; vinted: { listing_id: string | null; url: string | null } }

beforeAll(async () => {
  fake = await startFakeVinted();
  server = await startServer({ VINTED_BASE_URL: fake.url, VINTED_QUEUE_INTERVAL_SECONDS: '0' });
  browser = await launchBrowser();
  const { cookie } = fake.addSession('marie_vend');
  expect((await api(server.base, 'POST', '/vinted/auth/session', { cookie, user_agent: 'Mozilla/5.0 (X11; Linux x86_64) e2e' })).status).toBe(200);
  expect((await api(server.base, 'PATCH', '/vinted/settings', { publication_enabled: true, acknowledge_terms: true })).status).toBe(200);
  // A publish-ready draft made through the real ingest from three photos.
  const { dir, files } = await garmentPhotos(3);
  const form = new FormData();
  for (const [k, v] of Object.entries({ brand: 'Ralph Lauren', size: 'M', condition: 'very_good', category: 'jumper', price: '45' })) form.append(k, v);
  for (const f of files) form.append('files', new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }), f.split('/').pop());
  const r = await fetch(`${server.base}/ingest/photos`, { method: 'POST', body: form });
  fs.rmSync(dir, { recursive: true, force: true });
  itemId = ((await r.json()) as { item_id: string }).item_id;
  const item = (await api<Item>(server.base, 'GET', `/listings/${itemId}`)).body;
  expect(item.flags.missing_fields).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

describe('Vinted actions on the item page', () => {
  test('prepare shows the filled form; a dry run publishes nothing; the real publication asks first and lists the item', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/stock/${itemId}`);
    const panel = page.getByTestId('vinted-panel');
    await panel.getByTestId('vinted-prepare').click();
    const prepared = panel.getByTestId('vinted-prepared');
    await prepared.waitFor({ timeout: 90_000 });
    expect(await prepared.getByRole('img', { name: 'Aperçu du formulaire rempli sur Vinted' }).count()).toBe(1);
    expect(await prepared.textContent()).toContain('Ralph Lauren');
    await screenshot(page, 'item-vinted-prepared');

    await prepared.getByTestId('vinted-publish').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Publier' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 60_000 }).toContain('Essai à blanc réussi');
    expect(fake.items.size).toBe(0);

    // For real: untick the dry run, prepare again, confirm.
    await panel.getByLabel('Essai à blanc (rien n’est publié)').click();
    await panel.getByTestId('vinted-prepare').click();
    await panel.getByTestId('vinted-prepared').waitFor({ timeout: 90_000 });
    await panel.getByTestId('vinted-publish').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Publier cette annonce sur Vinted ?');
    await dialog.getByRole('button', { name: 'Publier réellement' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 90_000 }).toContain('Annonce publiée sur Vinted');
    expect(fake.items.size).toBe(1);
    const item = (await api<Item>(server.base, 'GET', `/listings/${itemId}`)).body;
    expect(item.status).toBe('listed');
    expect(item.vinted.url).toMatch(/\/items\/\d+/);
    await screenshot(page, 'item-vinted-published');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
