import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserSuite, json, makePhotos, prepare, publish, publishingWorld, type VintedWorld } from './vinted-fixtures.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// The pace, through the API in Chromium: at most five publications in any minute (429 + Retry-After, nothing
// sent), and the hourly write budget counting every photo upload (429 + Retry-After before any browser starts).

// A real browser on a shared 2-core machine: generous per-test time (never asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let w: VintedWorld;
beforeAll(async () => {
  if (!browser) return;
  w = await publishingWorld();
});
afterAll(async () => w?.close());

async function adHoc(n: number) {
  const [photo] = await makePhotos(w.t, 1);
  const res = await prepare(w.t, {
    title: `T-shirt uni coton ${n}`, price: 5 + n, description: 'T-shirt en coton, taille M, bon état.', brand: 'Uniqlo', size: 'M',
    condition: 'good', color: 'black', category_hint: 't-shirt', photos: [photo],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().confirm_token as string;
}

describe('pace', () => {
  it('publishes at most five listings a minute, whoever asks', async () => {
    for (let n = 1; n <= 5; n++) {
      const res = await publish(w.t, { confirm_token: await adHoc(n), dry_run: false }, `pace-${n}`);
      expect(res.json(), `publication ${n}`).toMatchObject({ ok: true, dry_run: false });
    }
    const sixth = await adHoc(6);
    const res = await publish(w.t, { confirm_token: sixth, dry_run: false }, 'pace-6');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('publish_rate_limited');
    const wait = Number(res.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(w.fake.count('publish')).toBe(5);
    // Refused before acting: the key is not held, the form still waits, a dry run still works.
    expect(await w.t.ctx.vinted!.deps.db.selectFrom('vinted_idempotency').selectAll().where('key', '=', 'pace-6').execute()).toEqual([]);
    expect((await publish(w.t, { confirm_token: sixth })).json()).toEqual({ account_id: expect.any(String), ok: true, dry_run: true });
    const status = (await w.t.app.inject({ method: 'GET', url: '/vinted/status' })).json();
    expect(status.pace).toMatchObject({ publications_last_minute: 5, publications_per_minute: 5, writes_last_hour: 11 });
  });

  it('keeps to the hourly write budget, each photo counting as a write', async () => {
    await w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json({ hourly_write_budget: 11 }) });
    const pages = w.fake.count('page');
    const [photo] = await makePhotos(w.t, 1);
    const res = await prepare(w.t, { title: 'Pull en laine gris', price: 12, description: 'Pull gris, taille M.', condition: 'good', category_hint: 'pull', size: 'M', photos: [photo] });
    expect(res.statusCode).toBe(429);
    expect(res.json().error).toMatchObject({ code: 'write_budget_exhausted', details: { used: 11, budget: 11, needed: 1 } });
    const wait = Number(res.headers['retry-after']);
    expect(wait).toBeGreaterThan(3000);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(w.fake.count('page')).toBe(pages);
    expect(fs.existsSync(path.join(w.t.dataDir, 'photos'))).toBe(true);
  });
});
