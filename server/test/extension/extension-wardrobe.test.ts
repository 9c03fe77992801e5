import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { EXT_ORIGIN, pairExtension } from './paired-extension.ts';

// A wardrobe listing the extension read on the seller's own member page, through the real route, photos service
// and duplicate check: a new listing becomes a listed stock item with its photos; the same listing again changes
// nothing; a listing whose photo is already an unlinked draft's links that draft instead of duplicating it.
const DIR = path.resolve(import.meta.dirname, '../fixtures/photos/dress');
const [photoA, photoB] = fs.readdirSync(DIR).sort().slice(0, 2).map((f) => fs.readFileSync(path.join(DIR, f)));
const b64 = (b: Buffer) => ({ mime: 'image/jpeg', base64: b.toString('base64') });

describe('wardrobe import through the extension', () => {
  let t: TestApp;
  let token: string;
  const post = (payload: unknown, bearer = token) => t.app.inject({
    method: 'POST', url: '/extension/wardrobe/listings', payload: payload as object, headers: { origin: EXT_ORIGIN, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
  });
  const listing = (id: string, over: Record<string, unknown> = {}) => ({ listing_id: id, url: `https://www.vinted.fr/items/${id}-robe`, title: `Robe d'été ${id}`, price: 19.9, status: 'active', photos: [b64(photoA)], ...over });

  beforeAll(async () => {
    t = await createTestApp({}, { runJobs: false });
    token = await pairExtension(t);
  });
  afterAll(() => t.close());

  it('creates a listed item with its photos, and the same listing again adds nothing', async () => {
    const first = await post(listing('6200000001'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ outcome: 'created', photos: 1 });
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${first.json().item_id}` })).json();
    expect(item).toMatchObject({ status: 'listed', title: "Robe d'été 6200000001", price: 19.9, vinted: { listing_id: '6200000001', url: 'https://www.vinted.fr/items/6200000001-robe' } });
    expect(item.photos).toHaveLength(1);

    const again = await post(listing('6200000001'));
    expect(again.json()).toEqual({ listing_id: '6200000001', outcome: 'already_linked', item_id: item.id, photos: 0 });
    const all = (await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json();
    expect(all.items).toHaveLength(1);
  });

  it('links the unlinked draft the duplicate check finds (same photo) instead of creating a second item', async () => {
    const [photo] = await t.ctx.photos.ingestFiles([{ buffer: photoB, filename: 'robe.jpg' }]);
    const draft = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe longue bleue', price: 25, photos: [photo.id] }) })).json();
    const r = await post(listing('6200000002', { title: 'Robe longue bleue fluide', photos: [b64(photoB)] }));
    expect(r.json()).toMatchObject({ outcome: 'linked', item_id: draft.id });
    const linked = (await t.app.inject({ method: 'GET', url: `/listings/${draft.id}` })).json();
    expect(linked).toMatchObject({ status: 'listed', vinted: { listing_id: '6200000002' } });
    expect((await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json().items).toHaveLength(2);
  });

  it('leaves sold listings to the sales import, and needs the extension token', async () => {
    expect((await post(listing('6200000003', { status: 'sold' }))).json()).toMatchObject({ outcome: 'skipped_sold', item_id: null });
    expect([401, 403]).toContain((await post(listing('6200000004'), '')).statusCode);
    expect((await post(listing('6200000005', { url: 'https://evil.example/items/1' }))).statusCode).toBe(400);
  });
});
