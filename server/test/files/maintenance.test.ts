import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const purge = async (app: TestApp, dry_run = false) => {
  const res = await app.app.inject({ method: 'POST', url: '/maintenance/purge', ...json({ dry_run }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const get = async (app: TestApp, id: string) => (await app.app.inject({ method: 'GET', url: `/listings/${id}` })).json();

describe('purges', () => {
  it('leaves drafts alone by default, archives old drafts once enabled, deletes them on request', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    expect(t.ctx.scheduler.armed().map((a) => a.name)).toContain('maintenance.purge');
    const L = t.ctx.listings;
    const old1 = await L.create({ title: 'Brouillon oublié' }, { created_at: ago(60), updated_at: ago(45) });
    const old2 = await L.create({ title: 'Autre brouillon oublié' }, { created_at: ago(40) });
    const recent = await L.create({ title: 'Brouillon récent' }, { created_at: ago(40), updated_at: ago(3) });
    const listed = await L.create({ title: 'En vente depuis longtemps', status: 'listed', price: 10 }, { created_at: ago(200) });

    expect((await purge(t)).drafts).toEqual({ enabled: false, action: 'archive', count: 0, item_ids: [] });
    expect((await get(t, old1.id)).status).toBe('draft');

    await t.app.inject({ method: 'PATCH', url: '/settings/maintenance', ...json({ drafts_enabled: true }) });
    const dry = await purge(t, true);
    expect(dry.drafts).toMatchObject({ enabled: true, count: 2 });
    expect(dry.drafts.item_ids.sort()).toEqual([old1.id, old2.id].sort());
    expect((await get(t, old1.id)).status).toBe('draft');

    const real = await purge(t);
    expect(real.drafts.count).toBe(2);
    const archived = await get(t, old1.id);
    expect(archived.status).toBe('archived');
    expect(archived.archived_at).not.toBeNull();
    expect((await get(t, old2.id)).status).toBe('archived');
    expect((await get(t, recent.id)).status).toBe('draft');
    expect((await get(t, listed.id)).status).toBe('listed');

    const forgotten = await L.create({ title: 'À supprimer' }, { created_at: ago(90) });
    await t.app.inject({ method: 'PATCH', url: '/settings/maintenance', ...json({ drafts_action: 'delete', drafts_after_days: 60 }) });
    expect((await purge(t)).drafts.count).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `/listings/${forgotten.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: '/settings/maintenance', ...json({ drafts_action: 'shred' }) })).statusCode).toBe(400);
  });

  it('deletes old logs but keeps the last price-drop run, and removes orphan photo files only', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const db = t.ctx.db;
    const job = await t.ctx.jobRuns.create('test.old', {});
    await db.updateTable('job_runs').set({ state: 'completed', updated_at: ago(120), finished_at: ago(120) }).where('id', '=', job.id).execute();
    const queued = await t.ctx.jobRuns.create('test.queued', {});
    await db.updateTable('job_runs').set({ updated_at: ago(120) }).where('id', '=', queued.id).execute();
    await db.insertInto('scheduler_ticks').values([{ name: 'x', tick: ago(100), claimed_at: ago(100), owner: 'o' }, { name: 'x', tick: ago(1), claimed_at: ago(1), owner: 'o' }]).execute();
    await t.ctx.priceDrops.run({ trigger: 'schedule', now: new Date(Date.now() - 100 * DAY) });
    await t.ctx.priceDrops.run({ trigger: 'schedule', now: new Date(Date.now() - 95 * DAY) });
    await db.updateTable('price_drop_runs' as never).set({ started_at: ago(100) } as never).where('day' as never, '<', ago(97).slice(0, 10) as never).execute();
    await db.updateTable('price_drop_runs' as never).set({ started_at: ago(95) } as never).where('day' as never, '>=', ago(97).slice(0, 10) as never).execute();

    const buffer = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const [kept] = await t.ctx.photos.ingestFiles([{ buffer, filename: 'real.jpg' }]);
    const root = path.join(t.dataDir, 'photos');
    const orphan = path.join(root, 'ab', `${'ab'.padEnd(64, '0')}.thumb.webp`);
    const young = path.join(root, 'cd', `${'cd'.padEnd(64, '1')}.preview.jpg`);
    for (const f of [orphan, young]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, 'leftover');
    }
    const old = new Date(Date.now() - 2 * DAY);
    fs.utimesSync(orphan, old, old);

    const dry = await purge(t, true);
    expect(dry).toMatchObject({ logs: { job_runs: 1, scheduler_ticks: 1, price_drop_runs: 1 }, orphan_files: { count: 1, bytes: 8 } });
    expect(fs.existsSync(orphan)).toBe(true);
    await purge(t);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(path.join(root, 'ab'))).toBe(false);
    expect(fs.existsSync(young)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/photos/${kept.id}/thumb` })).statusCode).toBe(200);
    expect(await t.ctx.jobRuns.get(job.id)).toBeNull();
    expect((await t.ctx.jobRuns.get(queued.id))?.state).toBe('queued');
    expect((await t.app.inject({ method: 'GET', url: '/pricing/runs' })).json().runs).toHaveLength(1);
    expect((await purge(t, true)).logs).toEqual({ job_runs: 0, scheduler_ticks: 0, price_drop_runs: 0 });
  });
});

describe('demo photoset', () => {
  it('creates 5 demo drafts through the real pipeline, refuses a second set, and removes them with their photos', { timeout: 180_000 }, async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const res = await t.app.inject({ method: 'POST', url: '/test/photoset', ...json({}) });
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items as Record<string, any>[];
    expect(items).toHaveLength(5);
    for (const i of items) {
      expect(i).toMatchObject({ demo: true, status: 'draft' });
      expect(i.photos).toHaveLength(3);
      expect(i.price).toBeGreaterThan(0);
      expect(i.price_suggestion).not.toBeNull();
    }
    expect(items.map((i) => i.category)).toEqual(['t-shirt', 'jeans', 'dress', 'hoodie', 'trainers']);
    expect(items.filter((i) => i.possible_duplicate)).toEqual([]);
    expect(t.lines.filter((l) => l.startsWith('🧠 New AI draft created:'))).toHaveLength(5);
    const thumb = items[0].photos[0].thumb_url;
    expect((await t.app.inject({ method: 'GET', url: thumb })).statusCode).toBe(200);

    const again = await t.app.inject({ method: 'POST', url: '/test/photoset', ...json({}) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('demo_photoset_exists');

    const mine = await t.ctx.listings.create({ title: 'Mon vrai article', price: 10, photos: [items[1].photos[0].id] });
    const del = await t.app.inject({ method: 'DELETE', url: '/test/photoset' });
    expect(del.json()).toEqual({ deleted: 5, photos_removed: 14 });
    expect((await t.app.inject({ method: 'GET', url: '/listings/all' })).json().map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await t.app.inject({ method: 'GET', url: thumb })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: mine.photos[0].thumb_url })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/test/photoset' })).json()).toEqual({ deleted: 0, photos_removed: 0 });
  });
});
