import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/time.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { DEV, DEV_PHOTOS, devPhoto, multipart } from './photo-files.ts';
import fs from 'node:fs';

// Duplicates through the real app: photos taken in by the intake, items in the stock, lookups by HTTP and service.
let t: TestApp;
let original: Buffer;
let originalId: string;
let itemId: string;

beforeAll(async () => {
  t = await createTestApp();
  original = devPhoto(DEV_PHOTOS[1]);
  originalId = (await upload(original))[0].id;
  itemId = (await createItem({ title: 'Chemise blanche Zara manches courtes M', brand: 'Zara', size: 'M', photos: [originalId] })).id;
});
afterAll(async () => {
  await t?.close();
});

async function upload(...files: Buffer[]) {
  const res = await t.app.inject({ method: 'POST', url: '/photos', ...multipart(files.map((content, i) => ({ filename: `p${i}.jpg`, content }))) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().photos as { id: string; sha256: string }[];
}
async function createItem(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}
async function check(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/duplicates/check', ...json(body) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().matches as { item_id: string; reason: string; score: number; evidence: Record<string, unknown> }[];
}

describe('image duplicates', () => {
  it('finds the item from copies of its photo: recompressed, resized, cropped 5 %, brightness ±15 %', async () => {
    const m = await sharp(original).metadata();
    const k = Math.sqrt(0.95);
    const copies = {
      recompressed: await sharp(original).jpeg({ quality: 50 }).toBuffer(),
      resized: await sharp(original).resize(Math.round(m.width! / 2)).jpeg().toBuffer(),
      cropped: await sharp(original).extract({ left: Math.round((m.width! * (1 - k)) / 2), top: Math.round((m.height! * (1 - k)) / 2), width: Math.round(m.width! * k), height: Math.round(m.height! * k) }).jpeg().toBuffer(),
      brighter: await sharp(original).modulate({ brightness: 1.15 }).jpeg().toBuffer(),
      darker: await sharp(original).modulate({ brightness: 0.85 }).jpeg().toBuffer(),
    };
    for (const [name, bytes] of Object.entries(copies)) {
      const [photo] = await upload(bytes);
      expect(photo.id, name).not.toBe(originalId); // different bytes: a different stored photo
      const matches = await check({ photo_ids: [photo.id] });
      expect(matches.map((x) => [x.item_id, x.reason]), name).toEqual([[itemId, 'image']]);
      expect(matches[0].score).toBeGreaterThan(0.8);
      expect(matches[0].evidence).toMatchObject({ photo_id: photo.id, matched_photo_id: originalId });
    }
  });

  it('finds the same file with score 1, and passes the intake figures directly', async () => {
    const [again] = await upload(original);
    expect(again.id).toBe(originalId);
    expect(await check({ photo_ids: [again.id] })).toMatchObject([{ item_id: itemId, reason: 'image', score: 1 }]);
    const via = await t.ctx.photos.ingestFiles([{ filename: 'x.jpg', buffer: await sharp(original).jpeg({ quality: 60 }).toBuffer() }]);
    expect((await t.ctx.duplicates.findMatches({ photos: via })).map((x) => x.item_id)).toEqual([itemId]);
    expect((await t.ctx.duplicates.findMatches({ sha256s: [again.sha256] })).map((x) => x.score)).toEqual([1]);
  });

  it('does not match other garments', async () => {
    const others = fs.readdirSync(`${DEV}/shirt`).sort().slice(1, 6).map((f) => fs.readFileSync(`${DEV}/shirt/${f}`));
    const photos = await upload(...others.filter((b) => !b.equals(original)));
    for (const p of photos) expect(await check({ photo_ids: [p.id] })).toEqual([]);
  });

  it('compares over all photos of both items', async () => {
    const [back] = await upload(devPhoto(DEV_PHOTOS[2]));
    const [front] = await upload(await sharp(devPhoto(DEV_PHOTOS[3])).jpeg({ quality: 70 }).toBuffer());
    const item = await createItem({ title: 'Pantalon droit gris', photos: [back, front].map((p) => p.id) });
    const [frontCopy] = await upload(await sharp(devPhoto(DEV_PHOTOS[3])).resize(300).jpeg().toBuffer());
    const [unrelated] = await upload(devPhoto(DEV_PHOTOS[0]));
    expect((await check({ photo_ids: [unrelated.id, frontCopy.id] })).map((x) => x.item_id)).toEqual([item.id]);
  });
});

describe('title duplicates', () => {
  it('matches a reworded title unless size or brand contradict', async () => {
    expect(await check({ title: 'Chemise Zara blanche M manches courtes', brand: 'Zara', size: 'M' })).toMatchObject([{ item_id: itemId, reason: 'title' }]);
    expect(await check({ title: 'Chemise Zara blanche manches courtes', brand: 'Zara', size: 'XS' })).toEqual([]);
    expect(await check({ title: 'Chemise Zara blanche manches courtes', brand: 'Mango', size: 'M' })).toEqual([]);
    expect(await check({ title: 'Robe longue Sézane fleurie' })).toEqual([]);
  });

  it('follows edits, sales and deletions of the stock', async () => {
    const item = await createItem({ title: 'Jupe plissée Zara noire S', brand: 'Zara', size: 'S' });
    const q = { title: 'Jupe Zara noire plissée', brand: 'Zara', size: 'S' };
    expect((await check(q)).map((x) => x.item_id)).toEqual([item.id]);
    expect(await check({ ...q, size: 'XS' })).toEqual([]);

    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ title: 'Jupe crayon Zara rouge S' }) });
    await t.ctx.duplicates.idle();
    expect(await check(q)).toEqual([]);
    expect((await check({ title: 'Jupe crayon rouge Zara', size: 'S' })).map((x) => x.item_id)).toEqual([item.id]);

    for (const status of ['listed', 'sold']) await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status }) });
    await t.ctx.duplicates.idle();
    expect(await check({ title: 'Jupe crayon rouge Zara', size: 'S' })).toEqual([]);
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed' }) });
    await t.ctx.duplicates.idle();
    expect((await check({ title: 'Jupe crayon rouge Zara', size: 'S' })).map((x) => x.item_id)).toEqual([item.id]);

    await t.app.inject({ method: 'DELETE', url: `/listings/${item.id}` });
    await t.ctx.duplicates.idle();
    expect(await check({ title: 'Jupe crayon rouge Zara', size: 'S' })).toEqual([]);
    expect(await t.ctx.db.selectFrom('title_tokens' as never).selectAll().where('item_id' as never, '=', item.id as never).execute()).toEqual([]);
  });

  it('indexes items written behind its back: recent ones at lookup, older ones at start-up', async () => {
    const row = (title: string, at: string) => ({
      id: newId(), title, description: '', brand: 'Kiabi', category: null, size: 'L', condition: null, colors: '[]', material: null, keywords: '[]', hashtags: '[]',
      price_cents: null, suggestion_min_cents: null, suggestion_target_cents: null, suggestion_max_cents: null, suggestion_justification: null,
      status: 'draft', listed_at: null, sold_at: null, sold_price_cents: null, archived_at: null, possible_duplicate: 0, duplicate_of: '[]',
      estimated_sale_score: null, sale_score_breakdown: null, publish_ready: 0, missing_fields: '[]', vinted_listing_id: null, vinted_url: null,
      auto_drop: 1, drop_rate: null, floor_cents: null, publish_opt_in: 0, demo: 0, search_text: '', extra: '{}', created_at: at, updated_at: at,
    });
    const recent = row('Parka kaki Kiabi capuche L', nowIso());
    const old = row('Doudoune bleue Kiabi légère L', '2024-01-01T00:00:00.000Z');
    await t.ctx.db.insertInto('items').values([recent, old]).execute(); // as another process or an import would
    expect((await check({ title: 'Parka Kiabi kaki à capuche', size: 'L' })).map((x) => x.item_id)).toEqual([recent.id]);
    expect(await check({ title: 'Doudoune Kiabi bleue légère', size: 'L' })).toEqual([]);
    await t.ctx.duplicates.reconcile();
    expect((await check({ title: 'Doudoune Kiabi bleue légère', size: 'L' })).map((x) => x.item_id)).toEqual([old.id]);
  });
});

describe('GET /duplicates', () => {
  it('lists flagged items grouped with what they duplicate, without links to inactive items', async () => {
    const [photo] = await upload(await sharp(original).jpeg({ quality: 40 }).toBuffer());
    const matches = await t.ctx.duplicates.findMatches({ photoIds: [photo.id], title: 'Chemise blanche Zara M' });
    const flagged = await t.ctx.listings.create({ title: 'Chemise blanche Zara M', photos: [photo.id] }, {
      possible_duplicate: true, duplicate_of: matches.map(({ item_id, reason, score }) => ({ item_id, reason, score })),
    });
    const res = await t.app.inject({ method: 'GET', url: '/duplicates' });
    expect(res.statusCode).toBe(200);
    const group = res.json().groups.find((g: { items: { id: string }[] }) => g.items.some((i) => i.id === flagged.id));
    expect(group.items.map((i: { id: string }) => i.id).sort()).toEqual([itemId, flagged.id].sort());
    expect(group.matches).toEqual([{ item_id: flagged.id, duplicate_of: itemId, reason: 'image', score: expect.any(Number) }]);
    expect(group.items.find((i: { id: string }) => i.id === itemId).thumb_url).toBe(`/photos/${originalId}/thumb`);

    await t.app.inject({ method: 'PATCH', url: `/listings/${itemId}`, ...json({ status: 'archived' }) });
    const after = await t.app.inject({ method: 'GET', url: '/duplicates' });
    expect(after.json().groups.some((g: { items: { id: string }[] }) => g.items.some((i) => i.id === flagged.id))).toBe(false);
  });

  it('refuses a check with nothing to check', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/duplicates/check', ...json({}) });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'validation_failed']);
  });
});
