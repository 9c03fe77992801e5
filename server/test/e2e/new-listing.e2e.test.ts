import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';

let server: Server;
let browser: Browser;
let photos: { dir: string; files: string[] };

interface Item { id: string; title: string; price: number; status: string; photos: unknown[]; brand: string | null; size: string | null; description: string; category: string | null; gender: string | null }

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Camera names: a file name naming the garment ("pull-1.jpg") would stand in for the classifier.
  photos = await garmentPhotos(3, '#1f2a5c', 'IMG_2026');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(photos.dir, { recursive: true, force: true });
});

describe('Nouvelle annonce', () => {
  test('three photos and two hints become a listing, edited before it is saved as a draft, then rewritten', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/annonce/nouvelle`);
    await page.getByTestId('photo-drop-input').setInputFiles(photos.files);
    await expect.poll(() => page.getByText('3 photos sur 20').count()).toBe(1);
    await page.getByLabel('Marque', { exact: true }).fill('Ralph Lauren');
    await page.getByLabel('Taille', { exact: true }).fill('M');
    await page.getByLabel('État', { exact: true }).selectOption('very_good');
    await screenshot(page, 'new-listing-intake');
    await page.getByTestId('analyse').click();
    await page.getByTestId('ingest-result').waitFor({ timeout: 90_000 });

    // The generated listing: checks, price with its reasons, score with its breakdown, how it was analysed.
    expect(await page.getByTestId('quality-checklist').textContent()).toMatch(/Titre de 5 à 70 caractères/);
    expect(await page.getByTestId('price-suggestion').textContent()).toMatch(/€/);
    expect(await page.getByTestId('sale-score').locator('li').count()).toBe(6);
    expect(await page.getByTestId('analysis-info').textContent()).toContain('Locale (hors ligne)');
    const title = page.getByLabel('Titre', { exact: true });
    expect(await title.inputValue()).toContain('Ralph Lauren');
    // Nothing is saved yet.
    expect((await api<{ items: unknown[] }>(server.base, 'GET', '/listings')).body.items).toHaveLength(0);
    await screenshot(page, 'new-listing-result');

    // The classifier's three likeliest categories, one click each; who the garment is for.
    const suggestions = page.getByTestId('category-suggestions').getByRole('button');
    expect(await suggestions.count()).toBe(3);
    await suggestions.nth(1).click();
    expect(await suggestions.nth(1).getAttribute('aria-pressed')).toBe('true');
    const chosen = await page.getByLabel('Catégorie', { exact: true }).inputValue();
    expect(chosen).not.toBe('');
    await page.getByLabel('Pour', { exact: true }).selectOption('men');

    await title.fill('Pull Ralph Lauren bleu marine M');
    await page.getByLabel('Prix (€)', { exact: true }).fill('39');
    await page.getByTestId('save-draft').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/stock\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    const saved = await api<Item>(server.base, 'GET', `/listings/${id}`);
    expect(saved.body).toMatchObject({ title: 'Pull Ralph Lauren bleu marine M', price: 39, status: 'draft', brand: 'Ralph Lauren', size: 'M', category: chosen, gender: 'men' });
    expect(saved.body.photos).toHaveLength(3);
    await expect.poll(() => page.getByTestId('item-title').textContent()).toBe('Pull Ralph Lauren bleu marine M');

    // The item page: an English, friendly rewrite, chosen and saved.
    await page.getByLabel('Ton', { exact: true }).selectOption('amical');
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await page.getByTestId('variants').getByRole('button', { name: 'Proposer' }).click();
    await page.getByTestId('variants').getByRole('button', { name: 'Utiliser ce texte' }).click();
    await page.getByTestId('item-save').click();
    await expect.poll(async () => (await api<Item>(server.base, 'GET', `/listings/${id}`)).body.description).not.toBe(saved.body.description);
    await screenshot(page, 'item-from-photos');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('on a phone: a refused file is explained in plain words, then the result fits the screen', async () => {
    const tab = await openTab(browser, server.base, PHONE);
    const { page } = tab;
    await page.goto(`${server.base}/annonce/nouvelle`);
    const bogus = `${photos.dir}/notes.jpg`;
    fs.writeFileSync(bogus, 'not an image at all');
    await page.getByTestId('photo-drop-input').setInputFiles([bogus]);
    await page.getByTestId('analyse').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Format non pris en charge');
    await screenshot(page, 'new-listing-error');
    await page.getByRole('button', { name: 'Retirer notes.jpg' }).click();
    await page.getByTestId('photo-drop-input').setInputFiles(photos.files.slice(0, 2));
    await page.getByTestId('analyse').click();
    await page.getByTestId('ingest-result').waitFor({ timeout: 90_000 });
    // Two photos: the checklist says what to fix.
    expect(await page.getByTestId('quality-checklist').textContent()).toContain('Ajoutez des photos : 3 au moins.');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'new-listing-result');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
