import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FakeVinted, startFakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { api, LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';
import { garmentPhotos } from './helpers/photos.ts';

let fake: FakeVinted;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeVinted();
  server = await startServer({ VINTED_BASE_URL: fake.url, VINTED_QUEUE_INTERVAL_SECONDS: '0' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

describe('Réglages', () => {
  test('the Vinted session against the fake site: save, check, turn publication on behind the notice, forget', async () => {
    const { cookie } = fake.addSession('marie_vend');
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    await expect.poll(() => page.getByTestId('session-status').textContent()).toContain('Aucune session');
    await screenshot(page, 'settings-empty');

    await page.getByLabel('Cookie', { exact: true }).fill(cookie);
    await page.getByRole('button', { name: 'Utiliser celui de ce navigateur' }).click();
    await page.getByTestId('session-save').click();
    await expect.poll(() => page.getByTestId('session-status').textContent()).toContain('Connecté en tant que marie_vend');
    // The cookie is sealed: the field is emptied and no answer ever carries it back.
    expect(await page.getByLabel('Cookie', { exact: true }).inputValue()).toBe('');
    const status = await api<unknown>(server.base, 'GET', '/vinted/status');
    expect(JSON.stringify(status.body)).not.toContain(cookie.split(';')[0].split('=')[1]);

    await page.getByTestId('session-check').click();
    await expect.poll(() => page.getByTestId('session-status').textContent()).toContain('marie_vend');

    // Publication stays off until the notice is acknowledged.
    await page.getByTestId('publication-switch').click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.getByTestId('terms-notice').textContent()).toMatch(/Vinted/);
    // The legal text itself, in French (the English original folded beneath it).
    expect(await dialog.getByTestId('terms-notice-text').textContent()).toMatch(/^Les conditions d’utilisation de Vinted interdisent les robots/);
    expect(await dialog.getByTestId('terms-notice-text').textContent()).not.toMatch(/Terms of Use/);
    expect(await dialog.getByRole('button', { name: 'Activer la publication' }).isDisabled()).toBe(true);
    await screenshot(page, 'settings-terms');
    await dialog.getByTestId('terms-ack').click();
    await dialog.getByRole('button', { name: 'Activer la publication' }).click();
    await expect.poll(async () => (await api<{ publication_enabled: boolean }>(server.base, 'GET', '/vinted/settings')).body.publication_enabled).toBe(true);
    await expect.poll(() => page.getByText('Publication activée').count()).toBe(1);
    await screenshot(page, 'settings');

    // Forget the session, after a confirmation.
    await page.getByTestId('session-forget').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Oublier la session' }).click();
    await expect.poll(() => page.getByTestId('session-status').textContent()).toContain('Aucune session');
    expect((await api<{ session: { present: boolean } }>(server.base, 'GET', '/vinted/status')).body.session.present).toBe(false);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('an expired Vinted session is named in plain words, on a phone, in English', async () => {
    const { cookie, session } = fake.addSession('paul_old');
    fake.expire(session.token);
    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    await page.getByLabel('Cookie', { exact: true }).fill(cookie);
    await page.getByTestId('session-save').click();
    await expect.poll(async () => (await page.getByTestId('session-status').textContent()) + (await page.locator('[role=alert], [role=status]').allTextContents()).join(' ')).toMatch(/does not recognise|could not confirm|expired/);
    // A 401 about the Vinted session is not the API token: no token prompt.
    expect(await page.getByRole('dialog').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'settings-expired');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('Vinted unreachable: the card says Vinted did not answer and what to do, never that the session is refused; no green check after a reload', async () => {
    // A server whose Vinted is a closed port: nothing ever answers.
    const lone = await startServer({ VINTED_BASE_URL: 'http://127.0.0.1:9' });
    try {
      const { cookie } = fake.addSession('lea_offline');
      const tab = await openTab(browser, lone.base, LAPTOP);
      const { page } = tab;
      await page.goto(`${lone.base}/reglages`);
      await page.getByLabel('Cookie', { exact: true }).fill(cookie);
      await page.getByTestId('session-save').click();
      await expect.poll(() => page.getByTestId('vinted-trouble').getAttribute('data-kind'), { timeout: 30_000 }).toBe('unreachable');
      const said = async () => `${await page.getByTestId('session-status').textContent()} ${(await page.locator('[role=alert], [role=status]').allTextContents()).join(' ')}`;
      expect(await said()).toContain('Vinted ne répond pas');
      expect(await said()).toContain('réessayez dans quelques minutes');
      expect(await said()).not.toContain('ne la reconnaît pas');
      // After a reload: amber, "could not confirm it", no green check.
      await page.reload();
      await expect.poll(() => page.getByTestId('session-status').textContent()).toContain('n’a pas pu la confirmer');
      expect(await page.getByTestId('session-status').locator('[data-state]').getAttribute('data-state')).toBe('unknown');
      expect(await page.getByTestId('session-status').locator('svg.text-success').count()).toBe(0);
      // Checking again: still "Vinted does not answer", not "refused".
      await page.getByTestId('session-check').click();
      await expect.poll(() => page.getByTestId('vinted-trouble').getAttribute('data-kind'), { timeout: 30_000 }).toBe('unreachable');
      expect(await said()).not.toContain('ne la reconnaît pas');
      await screenshot(page, 'settings-unreachable');
      // An item's Vinted panel shows the session's state.
      const item = await api<{ id: string }>(lone.base, 'POST', '/listings', { title: 'Pull marin Armor Lux', description: 'Pull marin.', price: 30, status: 'listed' });
      await page.goto(`${lone.base}/stock/${item.body.id}`);
      await expect.poll(() => page.getByTestId('vinted-session-state').getAttribute('data-state')).toBe('unknown');
      expect(tab.errors).toEqual([]);
      await tab.close();
    } finally {
      await lone.close();
    }
  });

  test('the price-drop card: every field waits for the one "Enregistrer", then all are saved together', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    const get = async () => (await api<{ auto_drop_enabled: boolean; drop_rate: number; rounding: string; without_floor: string; drop_by_default: boolean }>(server.base, 'GET', '/settings/pricing')).body;
    const before = await get();
    await page.goto(`${server.base}/reglages`);
    const form = page.getByTestId('pricing-form');
    await form.waitFor();
    await form.getByLabel('Baisses automatiques programmées').click();
    await form.getByLabel('Baisser par défaut les articles en vente qui ont un plancher').click();
    await form.getByLabel('Arrondi').selectOption('ends_90');
    await form.getByLabel('Baisse par jour (%)').fill('2');
    // Nothing is saved by a switch or a menu on its own.
    await page.waitForTimeout(500);
    expect(await get()).toEqual(before);
    expect(await form.getByRole('status').textContent()).toBe('Modifications non enregistrées');
    await form.getByTestId('pricing-save').click();
    await expect.poll(async () => (await get()).rounding).toBe('ends_90');
    expect(await get()).toMatchObject({ auto_drop_enabled: !before.auto_drop_enabled, drop_by_default: !before.drop_by_default, drop_rate: 0.02, rounding: 'ends_90' });
    await page.reload();
    await page.getByTestId('pricing-form').waitFor();
    expect(await page.getByTestId('pricing-form').getByLabel('Arrondi').inputValue()).toBe('ends_90');
    expect(await page.getByTestId('pricing-save').isDisabled()).toBe(true);
    // Put back as it was, for the other tests.
    await api(server.base, 'PATCH', '/settings/pricing', { auto_drop_enabled: before.auto_drop_enabled, drop_by_default: before.drop_by_default, drop_rate: before.drop_rate, rounding: before.rounding });
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test("the memory card: what the analyser remembers of the seller's confirmed items, the memory's weight, and the reset", async () => {
    // Two drafts from real photos (through the analysis), each saved by the seller with a category: two confirmations.
    const { dir, files } = await garmentPhotos(2, '#2b5c1f', 'veste');
    try {
      for (const f of files) {
        const form = new FormData();
        form.append('files', new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }), path.basename(f));
        const r = await fetch(`${server.base}/ingest/photos`, { method: 'POST', body: form });
        expect(r.status).toBe(201);
        const { item_id } = (await r.json()) as { item_id: string };
        expect((await api(server.base, 'PATCH', `/listings/${item_id}`, { category: 'jacket' })).status).toBe(200);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Remembering runs in the background, after the answer.
    await expect.poll(async () => (await api<{ photos: number }>(server.base, 'GET', '/analysis/memory')).body.photos).toBe(2);

    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    const card = page.getByTestId('memory-card');
    await expect.poll(() => card.getByTestId('memory-count').textContent()).toBe('2 photos from 2 confirmed items');
    expect(await card.getByTestId('memory-trust').textContent()).toMatch(/^Weight of the memory in the analysis: 100%\./);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-memory-phone-en');
    await tab.close();

    const fr = await openTab(browser, server.base, LAPTOP);
    await fr.page.goto(`${server.base}/reglages`);
    const cardFr = fr.page.getByTestId('memory-card');
    await expect.poll(() => cardFr.getByTestId('memory-count').textContent()).toBe('2 photos de 2 articles confirmés');
    expect(await cardFr.getByTestId('memory-trust').textContent()).toMatch(/^Poids de la mémoire dans l’analyse : 100 %\./);
    await cardFr.getByTestId('memory-reset').click();
    await fr.page.getByRole('alertdialog').getByRole('button', { name: 'Oublier mes articles' }).click();
    await expect.poll(() => cardFr.getByTestId('memory-count').textContent()).toBe('Aucun article mémorisé pour l’instant.');
    expect(await cardFr.getByTestId('memory-trust').count()).toBe(0);
    expect((await api<{ photos: number }>(server.base, 'GET', '/analysis/memory')).body.photos).toBe(0);
    expect(tab.errors).toEqual([]);
    expect(fr.errors).toEqual([]);
    await fr.close();
  });
});
