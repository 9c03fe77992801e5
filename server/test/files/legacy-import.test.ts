import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/legacy-items.json');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const LEGACY_NS = '5b6f4c1e-2f1a-4d8e-9a57-7c1d0e3b9f21';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const importLegacy = (app: TestApp, content: Buffer | string, query = '') =>
  app.app.inject({ method: 'POST', url: `/import/legacy${query}`, ...multipartFile(content, 'items.json', 'application/json') });
const all = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/listings/all' })).json() as Record<string, any>[];

function checkImported(items: Record<string, any>[]) {
  expect(items).toHaveLength(3);
  const pull = items.find((i) => i.id === '3f2b8c1e-9d4a-4e7b-8c21-5a6f0d9e1b73')!;
  expect(pull).toMatchObject({
    title: 'Pull col rond Ralph Lauren M – Très bon état', brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good',
    price: 42.75, price_suggestion: { min: 35, target: 45, max: 55 }, status: 'listed', keywords: ['pull', 'ralph lauren', 'laine'],
    estimated_sale_score: 82, created_at: '2025-03-01T09:00:00.000Z', listed_at: '2025-03-01T09:00:00.000Z', updated_at: '2025-03-02T02:00:00.123Z',
  });
  expect(pull.price_history).toEqual([
    { at: '2025-03-01T09:00:00.000Z', old_price: null, new_price: 45, reason: 'initial', rule: 'legacy: initial' },
    { at: '2025-03-02T02:00:00.123Z', old_price: 45, new_price: 42.75, reason: 'automatic_drop', rule: 'legacy: auto_drop' },
  ]);
  const jean = items.find((i) => i.id === uuidv5('17', LEGACY_NS))!;
  expect(jean).toMatchObject({
    title: 'Jean Levi\'s 501 W32 L34', size: '32', condition: 'good', price: 25, price_suggestion: { min: 20, target: 25, max: 30 },
    status: 'sold', sold_price: 25, possible_duplicate: true, created_at: '2024-07-14T16:30:00.000Z', sold_at: '2024-08-01T07:15:00.000Z',
  });
  const robe = items.find((i) => i.id === uuidv5('legacy-robe-3', LEGACY_NS))!;
  expect(robe.title.length).toBeLessThanOrEqual(100);
  // "comme neuf" is a common synonym of Vinted's "Très bon état" (@vintedbot/catalog synonyms).
  expect(robe).toMatchObject({ status: 'draft', brand: null, condition: 'very_good', category: 'sundress', created_at: '2024-12-24T22:59:59.000Z' });
}

describe('legacy import (the Python VintedBot\'s items.json)', () => {
  it('moves the stock over with ids, history, suggestions and local times, and a second run duplicates nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', TZ: 'Europe/Paris' });
    const res = await importLegacy(t, fs.readFileSync(FIXTURE));
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ total_rows: 3, imported: 3, created: 3, errors: [] });
    expect(report.warnings.map((w: { line: number; code: string }) => [w.line, w.code])).toEqual([
      [3, 'title_truncated'], [3, 'unknown_category'],
    ]);
    checkImported(await all(t));
    const again = await importLegacy(t, fs.readFileSync(FIXTURE));
    expect(again.json()).toMatchObject({ imported: 0, unchanged: 3 });
    expect(await all(t)).toHaveLength(3);
  });

  it('refuses a broken file or item precisely, writing nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const notJson = await importLegacy(t, '{"items": [');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('legacy_invalid_json');
    const notItems = await importLegacy(t, '"hello"');
    expect(notItems.json().error.code).toBe('legacy_unrecognised');
    const items = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    items[1].price = 'abc';
    delete items[2].title;
    const bad = await importLegacy(t, JSON.stringify(items));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [2, 'price', 'invalid_price'], [3, 'title', 'missing_title'],
    ]);
    expect(await all(t)).toHaveLength(0);
    const partial = await importLegacy(t, JSON.stringify(items), '?mode=partial');
    expect(partial.json()).toMatchObject({ imported: 1, skipped: 2 });
  });

  it('runs as `npm run import-legacy -- <path>`', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-legacy-'));
    // The command runs on the embedded database (a PostgreSQL run would need a schema of its own).
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', TZ: 'Europe/Paris', LOG_LEVEL: 'silent', PRICE_DROP_CRON: 'off' };
    try {
      const dry = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'import-legacy', FIXTURE, '--dry-run'], { cwd: ROOT, env });
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('Dry run of');
      const run = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'import-legacy', FIXTURE], { cwd: ROOT, env });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('3 item(s) read, 3 created');
      const missing = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'import-legacy'], { cwd: ROOT, env });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('Usage: npm run import-legacy');
      t = await createTestApp({ PRICE_DROP_CRON: 'off', TZ: 'Europe/Paris', DATABASE_URL: '' }, { dataDir });
      checkImported(await all(t));
    } finally {
      await t?.close();
      t = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
