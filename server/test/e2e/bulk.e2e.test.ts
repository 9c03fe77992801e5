import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yazl from 'yazl';
import { renderGarment } from '../../src/modules/analysis/vision/testing/render.ts';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';

let server: Server;
let browser: Browser;
let dir: string;
let zipPath: string;

/** A camera roll in a ZIP: three garments (navy, red, green) shot three times each, in order, in a folder. */
async function makeZip(file: string) {
  const zip = new yazl.ZipFile();
  const garments: [string, [number, number, number][]][] = [
    ['#1f2a5c', [[205, 200, 190], [200, 196, 186], [210, 204, 195]]],
    ['#b3202a', [[120, 130, 140], [125, 134, 145], [118, 128, 137]]],
    ['#2f7d32', [[230, 225, 215], [226, 221, 210], [233, 228, 219]]],
  ];
  let n = 0;
  for (const [fill, floors] of garments) {
    for (const background of floors) {
      n += 1;
      zip.addBuffer(await renderGarment({ fill, background, width: 600, height: 800 }), `haul/IMG_${String(1000 + n)}.jpg`, { mtime: new Date(Date.UTC(2026, 10, 1, 10, n)) });
    }
  }
  zip.addBuffer(Buffer.from('junk'), '__MACOSX/._IMG_1001.jpg');
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject));
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-e2e-bulk-'));
  zipPath = path.join(dir, 'haul.zip');
  await makeZip(zipPath);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Lot', () => {
  test('a ZIP becomes groups, a photo is moved, the plan is built and the dry run creates nothing', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/lot`);
    await page.getByTestId('bulk-drop-input').setInputFiles(zipPath);
    await page.getByTestId('bulk-start').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('job'), { timeout: 30_000 }).toMatch(/.+/);
    await page.getByTestId('cluster-board').waitFor({ timeout: 120_000 });
    const clusters = page.getByTestId('cluster');
    const before = await clusters.count();
    expect(before).toBeGreaterThanOrEqual(1);
    // No photo is lost: each is in a group or set aside as a duplicate of one that is.
    const job0 = new URL(page.url()).searchParams.get('job');
    const status = await api<{ clusters: { photos: unknown[] }[]; duplicates: unknown[] }>(server.base, 'GET', `/bulk/status?job=${job0}`);
    const grouped = status.body.clusters.reduce((a, c) => a + c.photos.length, 0);
    expect(grouped + status.body.duplicates.length).toBe(9);
    expect(await page.getByTestId('cluster-photo').count()).toBe(grouped);
    // Every photo keeps its name from the archive.
    expect(await page.getByTestId('cluster-photo').first().getAttribute('aria-label')).toContain('haul/IMG_');
    await screenshot(page, 'bulk-board');

    // Move the first photo of the first group to a new group, through its menu (the keyboard and phone path).
    const first = clusters.first();
    const firstId = await first.getAttribute('data-cluster');
    const countIn = async (id: string | null) => page.locator(`[data-cluster="${id}"] [data-testid="cluster-photo"]`).count();
    const had = await countIn(firstId);
    await first.getByTestId('cluster-photo').first().click();
    await page.getByRole('menuitem', { name: 'Déplacer vers…' }).click();
    await page.getByRole('menuitem', { name: 'Nouveau groupe' }).click();
    await expect.poll(() => clusters.count()).toBe(before + 1);
    expect(await countIn(firstId)).toBe(had - 1);

    // A price for one group, then the plan.
    await first.getByLabel('Prix (€)').fill('30');
    await page.getByTestId('bulk-plan').click();
    const planTable = page.getByTestId('bulk-plan-table');
    await planTable.waitFor();
    expect(await planTable.locator('tbody tr').count()).toBe(before + 1);
    expect(await planTable.textContent()).toContain('30,00');
    // Every warning in the seller's words, never a raw code such as uncertain_category.
    expect(await planTable.textContent()).not.toMatch(/\b[a-z]+_[a-z_]+\b/);

    // Dry run by default: one line per group, nothing written.
    await page.getByTestId('bulk-execute').click();
    await expect.poll(() => page.getByTestId('bulk-result').count()).toBe(before + 1);
    expect(await page.getByTestId('bulk-results').textContent()).toContain('serait créé');
    expect((await api<{ items: unknown[] }>(server.base, 'GET', '/listings')).body.items).toHaveLength(0);
    await screenshot(page, 'bulk-dry-run');

    // Running for real asks first.
    await page.getByTestId('bulk-real').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Exécuter pour de vrai' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('bulk-execute').textContent()).toContain('Créer les brouillons');
    await page.getByTestId('bulk-execute').click();
    await expect.poll(() => page.getByTestId('bulk-results').textContent()).toContain('Brouillon créé');
    expect((await api<{ items: unknown[] }>(server.base, 'GET', '/listings')).body.items).toHaveLength(before + 1);
    const job = new URL(page.url()).searchParams.get('job');
    expect(tab.errors).toEqual([]);
    await tab.close();

    const phone = await openTab(browser, server.base, PHONE);
    await phone.page.goto(`${server.base}/lot?job=${job}`);
    await phone.page.getByTestId('cluster-board').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'bulk-board');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
