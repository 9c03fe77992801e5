import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pdfTexts } from '../helpers/pdf-text.ts';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { seedStock } from './helpers/seed.ts';

let server: Server;
let browser: Browser;
let dir: string;

// A French spreadsheet export: semicolons, decimal commas, French labels; line 3 has a price that is not one.
// Values a spreadsheet holds that Vinted does not know, and a listed row without a price.
const LENIENT = [
  'titre;prix;couleurs;état;statut',
  'Pull col V Octarine;25;Octarine;Très bon état;brouillon',
  'Veste en velours Gap L;;noir;Bon état;en vente',
  'Short en jean Levi’s 28;18;bleu;Bon état;brouillon',
].join('\n');

const CSV = [
  'titre;prix;taille;marque;état;catégorie;statut',
  'Chemise en lin Zara M;19,90;M;Zara;Très bon état;chemise;brouillon',
  'Pantalon chino Dockers W32;abc;W32;Dockers;Bon état;pantalon;brouillon',
  'Doudoune Uniqlo L noire;45;L;Uniqlo;Neuf sans étiquette;doudoune;en vente',
].join('\n');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-e2e-files-'));
  fs.writeFileSync(path.join(dir, 'stock.csv'), CSV);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = async () => (await api<{ items: unknown[] }>(server.base, 'GET', '/listings?limit=200')).body.items.length;

describe('Fichiers', () => {
  test('a CSV with a bad row: the dry run names line, field and problem, then the valid rows are imported', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/fichiers`);
    const card = page.getByTestId('import-csv-card');
    await card.getByLabel('Fichier CSV').setInputFiles(path.join(dir, 'stock.csv'));
    await card.getByTestId('import-csv-check').click();
    const issue = card.getByTestId('import-issue');
    await expect.poll(() => issue.count()).toBe(1);
    const row = await issue.first().textContent();
    expect(row).toContain('3');
    expect(row).toMatch(/prix|price/);
    expect(await card.getByTestId('import-report').textContent()).toContain('2 lignes valides sur 3');
    expect(await count()).toBe(0);
    // Importing the whole file is not offered while a row is bad.
    expect(await card.getByTestId('import-csv-import').count()).toBe(0);
    await screenshot(page, 'files-csv-report');

    await card.getByTestId('import-csv-import-partial').click();
    await expect.poll(() => card.getByTestId('import-report').textContent()).toContain('Import terminé');
    expect(await count()).toBe(2);
    const titles = (await api<{ items: { title: string; price: number }[] }>(server.base, 'GET', '/listings')).body.items.map((i) => `${i.title} ${i.price}`).sort();
    expect(titles).toEqual(['Chemise en lin Zara M 19.9', 'Doudoune Uniqlo L noire 45']);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('downloads: the CSV export holds the stock; on a phone the page fits', async () => {
    await seedStock(server.base, [{ title: 'Jupe plissée Mango S', brand: 'Mango', size: 'S', price: 14, status: 'listed' }]);
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/fichiers`);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const saved = path.join(dir, file.suggestedFilename());
    await file.saveAs(saved);
    const text = fs.readFileSync(saved, 'utf8');
    expect(text).toContain('Jupe plissée Mango S');
    expect(text.split('\n')[0]).toContain(';');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const jsonPath = path.join(dir, 'export.json');
    await json.saveAs(jsonPath);
    expect(JSON.parse(fs.readFileSync(jsonPath, 'utf8'))).toHaveLength(3);
    await screenshot(page, 'files');
    expect(tab.errors).toEqual([]);
    await tab.close();

    const phone = await openTab(browser, server.base, PHONE);
    await phone.page.goto(`${server.base}/fichiers`);
    await phone.page.getByTestId('import-csv-card').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'files');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  test('a lenient import: unknown values are reported in the seller’s words, the row is kept; strict mode refuses it; the PDF is the items on sale', async () => {
    fs.writeFileSync(path.join(dir, 'lenient.csv'), LENIENT);
    for (const lang of ['fr', 'en'] as const) {
      const tab = await openTab(browser, server.base, LAPTOP, { lang });
      const { page } = tab;
      await page.goto(`${server.base}/fichiers`);
      const card = page.getByTestId('import-csv-card');
      await card.locator('input[type=file]').setInputFiles(path.join(dir, 'lenient.csv'));
      await card.getByTestId('import-csv-check').click();
      await card.getByTestId('import-report').waitFor();
      const report = (await card.getByTestId('import-report').textContent()) ?? '';
      if (lang === 'fr') {
        expect(await card.getByTestId('import-counts').textContent()).toBe('3 seront créés');
        expect(report).toContain('Couleur « Octarine » inconnue de Vinted');
        expect(report).toContain('Pas de prix : importé en brouillon');
        // The field in the seller's words, not "colors" or "price".
        expect(report).toContain('Couleurs');
      } else {
        expect(await card.getByTestId('import-counts').textContent()).toBe('3 will be created');
        expect(report).toContain('Colour “Octarine” unknown to Vinted');
        expect(report).toContain('Colours');
      }
      expect(report).not.toMatch(/\b[a-z]+_[a-z_]+\b|\bcolors\b|Unknown colour "|not on sale; set a price/);
      // Strict: the unknown colour refuses its row.
      await card.getByRole('checkbox').first().click();
      await card.getByTestId('import-csv-check').click();
      await expect.poll(() => card.getByTestId('import-counts').textContent()).toMatch(lang === 'fr' ? /2 seront créés, 1 ignoré/ : /2 will be created, 1 skipped/);
      await screenshot(page, `files-lenient-${lang}`);
      expect(tab.errors).toEqual([]);
      await tab.close();
    }

    // The PDF catalogue: the items on sale by default, other statuses when ticked, in the app's language.
    const tab = await openTab(browser, server.base, LAPTOP);
    await tab.page.goto(`${server.base}/fichiers`);
    const pdf = async (t = tab) => {
      const [d] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('export-pdf').click()]);
      return d;
    };
    const query = async () => decodeURIComponent(new URL((await pdf()).url()).search);
    expect(await query()).toBe('?status=listed&lang=fr');
    await tab.page.getByTestId('pdf-statuses').getByLabel('Vendu').click();
    expect(await query()).toBe('?status=listed,sold&lang=fr');
    const texts = async (d: Download, name: string) => {
      const saved = path.join(dir, name);
      await d.saveAs(saved);
      // A cell's wrapped lines ("New without" / "tags") read as one text; no-break spaces stay.
      return pdfTexts(fs.readFileSync(saved)).join(' ').replace(/[ \n]+/g, ' ');
    };
    const fr = await texts(await pdf(), 'catalogue-fr.pdf');
    expect(fr).toContain('Édité le');
    expect(fr).toContain('Neuf sans étiquette'); // the Uniqlo jacket on sale
    expect(fr).toContain('45,00\xa0€');
    expect(tab.errors).toEqual([]);
    await tab.close();

    // With the app in English, the downloaded catalogue is in English.
    const enTab = await openTab(browser, server.base, LAPTOP, { lang: 'en' });
    await enTab.page.goto(`${server.base}/fichiers`);
    const d = await pdf(enTab);
    expect(decodeURIComponent(new URL(d.url()).search)).toBe('?status=listed&lang=en');
    const en = await texts(d, 'catalogue-en.pdf');
    for (const word of ['Printed on', 'ITEM', 'BRAND', 'CONDITION', 'PRICE', 'STATUS', 'New without tags', 'Listed', '€45.00', 'status: Listed']) expect(en).toContain(word);
    for (const word of ['Édité le', 'MARQUE', 'ÉTAT', 'Neuf sans étiquette', 'En vente', 'Réf.', 'sans photo', '45,00']) expect(en).not.toContain(word);
    expect(enTab.errors).toEqual([]);
    await enTab.close();
  });

  test('backups kept by the app: "Sauvegarder maintenant" stores one, it is listed, downloaded and deleted', async () => {
    await seedStock(server.base, [{ title: 'Blouson en cuir Schott L', brand: 'Schott', size: 'L', price: 120, status: 'listed' }]);
    for (const [lang, viewport] of [['fr', LAPTOP], ['en', PHONE]] as const) {
      const tab = await openTab(browser, server.base, viewport, { lang });
      const { page } = tab;
      await page.goto(`${server.base}/fichiers`);
      const card = page.getByTestId('stored-backups');
      await card.getByTestId('stored-backup-now').click();
      await card.getByText(lang === 'fr' ? 'Sauvegarde enregistrée' : 'Backup stored').waitFor();
      const rows = card.getByTestId('stored-backup-list').locator('li');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toMatch(lang === 'fr' ? /\d+(,\d)? (Ko|Mo)/ : /\d+(\.\d)? (kB|MB)/);
      const [file] = await Promise.all([page.waitForEvent('download'), rows.first().getByRole('button', { name: lang === 'fr' ? 'Télécharger' : 'Download' }).click()]);
      const saved = path.join(dir, `stored-${lang}.zip`);
      await file.saveAs(saved);
      expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
      expect(file.suggestedFilename()).toMatch(/^vintedbot-backup-.*\.zip$/);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, `files-stored-backups-${lang}`);
      await rows.first().getByRole('button', { name: lang === 'fr' ? /Supprimer/ : /Delete/ }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: lang === 'fr' ? 'Supprimer' : 'Delete' }).click();
      await card.getByText(lang === 'fr' ? 'Aucune sauvegarde gardée' : 'No backup kept yet').waitFor();
      expect((await api<{ backups: unknown[] }>(server.base, 'GET', '/backups')).body.backups).toEqual([]);
      expect(tab.errors).toEqual([]);
      await tab.close();
    }
  });

  test('the CSV help: columns in both languages, the example file downloads, checks clean and imports; it fits a phone', async () => {
    for (const [lang, viewport] of [['fr', LAPTOP], ['en', PHONE]] as const) {
      const tab = await openTab(browser, server.base, viewport, { lang });
      const { page } = tab;
      await page.goto(`${server.base}/fichiers`);
      const card = page.getByTestId('import-csv-card');
      const help = card.getByTestId('csv-help');
      await help.locator('summary').click();
      const columns = help.getByTestId('csv-help-column');
      await columns.first().waitFor();
      // The title row: both header names, and the one required column marked in the seller's words.
      expect(await columns.first().textContent()).toBe(lang === 'fr' ? 'titretitleobligatoireLe titre de l’annonce.' : 'titletitrerequiredThe listing’s title.');
      expect(await help.textContent()).toContain(lang === 'fr' ? 'TBE → Très bon état' : 'TBE → Very good');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await help.scrollIntoViewIfNeeded();
      await screenshot(page, `files-csv-help-${lang}`);

      const [file] = await Promise.all([page.waitForEvent('download'), help.getByTestId('csv-example').click()]);
      expect(file.suggestedFilename()).toBe(lang === 'fr' ? 'exemple-import-vintedbot.csv' : 'vintedbot-import-example.csv');
      const saved = path.join(dir, file.suggestedFilename());
      await file.saveAs(saved);
      expect(fs.readFileSync(saved, 'utf8').split('\r\n')[0]).toBe(lang === 'fr'
        ? '\uFEFFtitre;prix;taille;marque;état;catégorie;couleurs;statut;description;coût d\'achat;emplacement'
        : '\uFEFFtitle;price;size;brand;condition;category;colours;status;description;purchase cost;location');

      // The seller's next step: that very file through the page, checked then imported.
      const before = await count();
      await card.locator('input[type=file]').setInputFiles(saved);
      await card.getByTestId('import-csv-check').click();
      await expect.poll(() => card.getByTestId('import-counts').textContent()).toBe(lang === 'fr' ? '4 seront créés' : '4 will be created');
      expect(await card.getByTestId('import-issue').count()).toBe(0);
      await card.getByTestId('import-csv-import').click();
      await expect.poll(() => card.getByTestId('import-report').textContent()).toContain(lang === 'fr' ? 'Import terminé' : 'Import done');
      expect(await count()).toBe(before + 4);
      expect(tab.errors).toEqual([]);
      await tab.close();
    }
  });
});
