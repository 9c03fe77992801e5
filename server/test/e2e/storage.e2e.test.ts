import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeS3Server } from '../fakes/fake-s3-server.ts';
import { testPhotos } from '../helpers/test-photos.ts';
import { multipart } from '../photos/photo-files.ts';
import { LAPTOP, launchBrowser, openTab, PHONE, screenshot, type Server, startServer } from './helpers/browser.ts';

// Issue 19, point 6 in the browser: the settings' photo storage card with STORAGE=s3 on a real S3-protocol server
// (127.0.0.1), in French on a laptop and in English on a phone: the backend, bytes per tier, the cold rule.

let dir: string;
let s3: FakeS3Server;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-s3-'));
  s3 = await new FakeS3Server({ dir, buckets: ['boutique'], accessKeyId: 'AKIAE2E' }).start();
  server = await startServer({
    STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'boutique', S3_ACCESS_KEY_ID: 'AKIAE2E', S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: 'true',
    STORAGE_COLD_AFTER_DAYS: '30', STORAGE_LIFECYCLE_CRON: 'off',
  });
  const content = fs.readFileSync(testPhotos('hat', 1)[0]!);
  const res = await server.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: 'chapeau.jpg', content }]) });
  if (res.statusCode !== 201) throw new Error(res.body);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Settings: photo storage card', () => {
  test('French at 1440 px: the bucket, bytes per tier, the cold rule, and "apply now"', async () => {
    const tab = await openTab(browser, server.base, LAPTOP);
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    const card = page.getByTestId('storage-card');
    await expect.poll(() => card.getByTestId('storage-backend').textContent()).toBe('Stockage compatible S3');
    expect(await card.getByTestId('storage-tier-remote').textContent()).toMatch(/Bucket S3.*2 fichiers/);
    expect(await card.getByTestId('storage-tier-cold').textContent()).toMatch(/Froid.*0 fichier/);
    expect(await card.textContent()).toContain('vendus ou archivés depuis 30 jours');
    expect(await card.getByTestId('storage-next').textContent()).toBe('Prochain passage : rien à déplacer.');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-storage-card');
    await card.getByTestId('storage-run').click();
    await expect.poll(() => page.getByText('0 photo déplacée, 0 fichier orphelin supprimé').count()).toBeGreaterThan(0);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  test('English on a phone', async () => {
    const tab = await openTab(browser, server.base, PHONE, { lang: 'en' });
    const { page } = tab;
    await page.goto(`${server.base}/reglages`);
    const card = page.getByTestId('storage-card');
    await expect.poll(() => card.getByTestId('storage-backend').textContent()).toBe('S3-compatible storage');
    expect(await card.getByTestId('storage-tier-remote').textContent()).toMatch(/S3 bucket.*2 files/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-storage-card');
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
