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

type Saved = Item & { condition: string | null; estimated_sale_score: number | null };

/** Three photos analysed with these hints (French labels of the intake form): the result page, ready to edit. */
async function analysed(hints: { size?: string; condition?: string; price?: string }) {
  const tab = await openTab(browser, server.base, LAPTOP);
  const { page } = tab;
  await page.goto(`${server.base}/annonce/nouvelle`);
  await page.getByTestId('photo-drop-input').setInputFiles(photos.files);
  if (hints.size) await page.getByLabel('Taille', { exact: true }).fill(hints.size);
  if (hints.condition) await page.getByLabel('État', { exact: true }).selectOption(hints.condition);
  if (hints.price) await page.getByLabel('Prix (€)', { exact: true }).fill(hints.price);
  await page.getByTestId('analyse').click();
  await page.getByTestId('ingest-result').waitFor({ timeout: 90_000 });
  return { tab, page };
}

/** The draft the save button made, once the page has moved to it. */
async function savedItem(page: Awaited<ReturnType<typeof openTab>>['page']): Promise<Saved> {
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/stock\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/')[2];
  return (await api<Saved>(server.base, 'GET', `/listings/${id}`)).body;
}

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

  test('the preview follows the facts as they are typed, save keeps exactly what is shown, a broken file is left out', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/annonce/nouvelle`);
    // Three photos and a file whose thumbnail is already broken: the analysis goes on without it, and says so.
    const broken = `${photos.dir}/IMG_2026-broken.jpg`;
    fs.writeFileSync(broken, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('truncated')]));
    await page.getByTestId('photo-drop-input').setInputFiles([photos.files[0], broken, ...photos.files.slice(1)]);
    await page.getByTestId('analyse').click();
    await page.getByTestId('ingest-result').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('skipped-photos').textContent()).toMatch(/IMG_2026-broken\.jpg — (La photo|Format)/);
    expect(await page.getByTestId('ingest-result').getByRole('list', { name: 'Photos enregistrées' }).locator('li').count()).toBe(3);

    const title = page.getByLabel('Titre', { exact: true });
    const price = page.getByLabel('Prix (€)', { exact: true });
    const before = { title: await title.inputValue(), price: await price.inputValue(), score: await page.getByTestId('sale-score').textContent() };
    expect(before.title).not.toContain('Ralph Lauren');
    // Typing the facts re-composes the preview: title, description, price, checklist and score follow.
    await page.getByLabel('Marque', { exact: true }).fill('Ralph Lauren');
    await page.getByLabel('Taille', { exact: true }).fill('XL');
    await page.getByLabel('État', { exact: true }).selectOption('new_with_tags');
    await expect.poll(() => title.inputValue(), { timeout: 15_000 }).toContain('Ralph Lauren');
    await expect.poll(() => page.getByTestId('compose-state').textContent()).toContain('Annonce mise à jour');
    expect(await title.inputValue()).toContain('XL');
    expect(await price.inputValue()).not.toBe(before.price);
    expect(await page.getByTestId('sale-score').textContent()).not.toBe(before.score);
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toContain('Ralph Lauren');
    // The price's reasons in French, with decimal commas.
    expect(await page.getByTestId('price-justification').textContent()).toMatch(/Ralph Lauren \(premium\) ×2,2 × Neuf avec étiquette/);
    // A title written by hand stays as written when a fact changes after it.
    await title.fill('Chemise Ralph Lauren oxford');
    await page.getByLabel('Taille', { exact: true }).fill('L');
    await page.waitForTimeout(1200);
    expect(await title.inputValue()).toBe('Chemise Ralph Lauren oxford');
    // A defect the seller ticks is written in the description as a fact and lowers the price (issue 19 point 4).
    expect(await page.getByTestId('defects-none').textContent()).toBe('Aucun défaut signalé.');
    const priceBeforeDefect = await price.inputValue();
    await page.getByLabel('Défaut', { exact: true }).selectOption('stain');
    await page.getByLabel('Visibilité', { exact: true }).selectOption('minor');
    await page.getByLabel('Où', { exact: true }).fill('la manche gauche');
    await page.getByLabel('Photo', { exact: true }).selectOption('2');
    await page.getByTestId('defect-add').click();
    await expect.poll(() => page.getByLabel('Description', { exact: true }).inputValue(), { timeout: 15_000 }).toContain('petite tache sur la manche gauche, voir photo 2');
    expect(await page.getByTestId('defect').textContent()).toContain('Tache (discret) · la manche gauche · photo 2');
    expect(await price.inputValue()).not.toBe(priceBeforeDefect);
    const shown = { title: await title.inputValue(), description: await page.getByLabel('Description', { exact: true }).inputValue(), price: await price.inputValue() };

    await page.getByTestId('save-draft').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/stock\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    const saved = (await api<Item>(server.base, 'GET', `/listings/${id}`)).body;
    // What was shown is what is saved: no rewrite, no other price.
    expect(saved.title).toBe(shown.title);
    expect(saved.description).toBe(shown.description);
    expect(saved.price).toBe(Number(shown.price.replace(/\s/g, '').replace(',', '.')));
    expect(saved).toMatchObject({ brand: 'Ralph Lauren', size: 'L' });
    expect(saved.description).toContain('petite tache sur la manche gauche, voir photo 2');

    // On the item page, another brand re-prices the suggestion and its reasons (the stain still counts); the price
    // the seller chose stays.
    await page.getByLabel('Marque', { exact: true }).fill('Sézane');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByTestId('price-justification').textContent(), { timeout: 15_000 }).toMatch(/Sézane \(premium\) .*1 défaut ×/);
    expect((await api<Item>(server.base, 'GET', `/listings/${id}`)).body.price).toBe(saved.price);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('a defect that caps the condition shows in the condition field, says why, and is what is saved', async () => {
    const { tab, page } = await analysed({ size: 'M', condition: 'very_good' });
    const condition = page.getByLabel('État', { exact: true });
    expect(await condition.inputValue()).toBe('very_good');
    expect(await page.getByTestId('condition-capped').count()).toBe(0);

    // A large stain: at best "Satisfaisant". The field shows the condition the listing is written with, and why.
    await page.getByLabel('Défaut', { exact: true }).selectOption('stain');
    await page.getByLabel('Visibilité', { exact: true }).selectOption('major');
    await page.getByTestId('defect-add').click();
    await expect.poll(() => condition.inputValue(), { timeout: 15_000 }).toBe('satisfactory');
    await expect.poll(() => page.getByTestId('condition-capped').textContent()).toBe('État au mieux « Satisfaisant » avec ce défaut : Tache (important).');
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toMatch(/satisfaisant/i);
    await screenshot(page, 'new-listing-defect-capped');
    // Without the defect, the condition the seller gave comes back.
    await page.getByTestId('defect').getByRole('button', { name: 'Retirer ce défaut' }).click();
    await expect.poll(() => condition.inputValue(), { timeout: 15_000 }).toBe('very_good');
    expect(await page.getByTestId('condition-capped').count()).toBe(0);
    // Picking a better condition while the stain is there: the cap still applies, and the seller's pick returns without it.
    await page.getByTestId('defect-add').click();
    await expect.poll(() => condition.inputValue(), { timeout: 15_000 }).toBe('satisfactory');
    await condition.selectOption('new_with_tags');
    await expect.poll(() => condition.inputValue(), { timeout: 15_000 }).toBe('satisfactory');
    const shown = { condition: await condition.inputValue(), description: await page.getByLabel('Description', { exact: true }).inputValue() };

    await page.getByTestId('save-draft').click();
    const saved = await savedItem(page);
    expect(saved.condition).toBe(shown.condition);
    expect(saved.description).toBe(shown.description);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('the checklist follows the edits: typing the brand clears "Indiquez la marque"', async () => {
    const { tab, page } = await analysed({ size: 'M', condition: 'very_good' });
    const checklist = page.getByTestId('quality-checklist');
    expect(await checklist.textContent()).toContain('Indiquez la marque.');
    expect(await checklist.locator('[data-gate="details"]').getAttribute('data-ok')).toBe('false');
    await page.getByLabel('Marque', { exact: true }).fill('Ralph Lauren');
    await expect.poll(() => checklist.textContent(), { timeout: 15_000 }).not.toContain('Indiquez la marque.');
    // A title typed by hand is checked as it is.
    await page.getByLabel('Titre', { exact: true }).fill('Pull');
    await expect.poll(() => checklist.textContent(), { timeout: 15_000 }).toContain('Titre trop court');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('a price change re-scores the listing without rewriting the seller\'s text or price', async () => {
    // A price far above what the garment is worth: the score's price factor says so.
    const { tab, page } = await analysed({ size: 'M', condition: 'very_good', price: '150' });
    const price = page.getByLabel('Prix (€)', { exact: true });
    const title = page.getByLabel('Titre', { exact: true });
    const score = page.getByTestId('sale-score');
    const priceFactor = score.locator('li').filter({ hasText: 'Prix' });
    expect(await price.inputValue()).toBe('150');
    const before = { score: await score.textContent(), factor: await priceFactor.textContent() };
    const target = (await page.getByTestId('price-suggestion').locator('span').first().textContent())!.replace(/[^\d,]/g, '');
    expect(target).not.toBe('150');

    await page.getByRole('button', { name: 'Utiliser le prix cible' }).click();
    expect(await price.inputValue()).toBe(target);
    await expect.poll(() => score.textContent(), { timeout: 15_000 }).not.toBe(before.score);
    expect(await priceFactor.textContent()).not.toBe(before.factor);
    // A title of the seller's own, then another price typed: re-scored again, the title and the price stay as typed.
    const atTarget = await score.textContent();
    await title.fill('Pull bleu marine M');
    await price.fill('300');
    // While the new suggestion is on its way, its target cannot be taken (it would be the old one).
    const useTarget = page.getByTestId('use-target-price');
    await expect.poll(() => useTarget.isDisabled()).toBe(true);
    await expect.poll(() => score.textContent(), { timeout: 15_000 }).not.toBe(atTarget);
    await expect.poll(() => page.getByTestId('compose-state').textContent()).toContain('Annonce mise à jour');
    expect(await useTarget.isDisabled()).toBe(false);
    expect(await price.inputValue()).toBe('300');
    expect(await title.inputValue()).toBe('Pull bleu marine M');
    const shownScore = Number((await score.textContent())!.match(/(\d+) \/ 100/)![1]);

    await page.getByTestId('save-draft').click();
    const saved = await savedItem(page);
    expect(saved).toMatchObject({ price: 300, title: 'Pull bleu marine M', estimated_sale_score: shownScore });
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
    // Two photos: the checklist advises more (it no longer blocks publication).
    expect(await page.getByTestId('quality-checklist').textContent()).toContain('Conseil : 3 photos ou plus se vendent mieux');
    // The suggestion and the score sit below the form on a phone: their gist is said above the save button.
    const gist = page.getByTestId('phone-summary');
    expect(await gist.isVisible()).toBe(true);
    const target = (await page.getByTestId('price-suggestion').locator('span').first().textContent())!;
    expect(await gist.textContent()).toMatch(new RegExp(`^Prix conseillé ${target.replace(/\s/g, '\\s')} · score de vente \\d+/100`));
    expect((await gist.boundingBox())!.y).toBeLessThan((await page.getByTestId('save-draft').boundingBox())!.y);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'new-listing-result');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
